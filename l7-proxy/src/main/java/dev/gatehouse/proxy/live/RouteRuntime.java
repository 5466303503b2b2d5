package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RouteAction;

/**
 * What the live routing keeps per route of its snapshot, found with one lookup per request.
 *
 * @param stats   the route's request counts and latency
 * @param filters the route's filters, compiled, or null when it forwards without any (or does not forward)
 * @param policy  the route's limits with the proxy's defaults filled in, or null when it does not forward
 * @param canaryFilters the filters of the requests the route's canary takes, compiled, when it has its own, else null
 */
public record RouteRuntime(RouteStats stats, RouteFilters filters, RequestPolicy policy, RouteFilters canaryFilters) {

    /** The route's compiled filters for a request to {@code cluster}: its canary's own when the canary takes it. */
    public RouteFilters filters(RouteAction.Forward forward, ClusterRuntime cluster) {
        return canaryFilters != null && cluster != null && cluster.cluster().name().equals(forward.canary().cluster())
                ? canaryFilters : filters;
    }
}
