package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.RequestPolicy;

/**
 * What the live routing keeps per route of its snapshot, found with one lookup per request.
 *
 * @param stats   the route's request counts and latency
 * @param filters the route's filters, compiled, or null when it forwards without any (or does not forward)
 * @param policy  the route's limits with the proxy's defaults filled in, or null when it does not forward
 */
public record RouteRuntime(RouteStats stats, RouteFilters filters, RequestPolicy policy) {
}
