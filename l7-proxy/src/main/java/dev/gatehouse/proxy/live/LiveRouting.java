package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.balance.Canaries;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the proxy's one atomic reference holds: a snapshot and the runtime built for it (members and a
 * selector per cluster; per route its metric handles, compiled request filters and limits with the proxy's defaults
 * resolved, as a {@link RouteRuntime}). Built completely off the event loops, then never changed. Endpoint objects (and so
 * connection pools), member health and compiled filters carry over from the previous routing for whatever is still
 * there; so does the whole runtime of a cluster equal to one of the previous routing ({@link CompiledCluster}, over an
 * {@link EndpointPool}) and of the routes of a virtual host that is the very object of the previous snapshot
 * ({@link RouteTable}), so that a snapshot that changed one host costs about that host.
 */
public final class LiveRouting {

    private final RoutingSnapshot snapshot;
    private final Map<ClusterName, CompiledCluster> clusters;
    private final RouteTable routes;
    private final EndpointPool endpoints;
    private final Canaries canaries;

    private LiveRouting(RoutingSnapshot snapshot, Map<ClusterName, CompiledCluster> clusters, RouteTable routes,
                        EndpointPool endpoints) {
        this.snapshot = snapshot;
        this.clusters = clusters;
        this.routes = routes;
        this.endpoints = endpoints;
        this.canaries = Canaries.of(snapshot);
    }

    /** @param settings the proxy's settings as the snapshot tunes them: their defaults fill what routes leave unset */
    public static LiveRouting build(RoutingSnapshot snapshot, LiveRouting previous, ProxyMetrics metrics, ProxySettings settings) {
        EndpointPool endpoints = previous == null ? EndpointPool.empty() : previous.endpoints.copy();
        Map<ClusterName, CompiledCluster> clusters = new HashMap<>(snapshot.clusters().size() * 2);
        List<CompiledCluster> released = new ArrayList<>();
        int carried = 0;
        for (Cluster cluster : snapshot.clusters()) {
            CompiledCluster known = previous == null ? null : previous.clusters.get(cluster.name());
            carried += known == null ? 0 : 1;
            if (known != null && known.sameAs(cluster, settings.outlier())) {
                clusters.put(cluster.name(), known);
                continue;
            }
            clusters.put(cluster.name(), CompiledCluster.compile(cluster, known, endpoints, settings.outlier(), metrics));
            if (known != null) {
                released.add(known);
            }
        }
        if (previous != null && carried < previous.clusters.size()) {
            previous.clusters.forEach((name, cluster) -> {
                if (!clusters.containsKey(name)) {
                    released.add(cluster);
                    metrics.forgetCluster(name.toString());
                }
            });
        }
        // after every member of this routing took its endpoint, so that one a changed cluster keeps is never retired
        released.forEach(cluster -> cluster.release(endpoints));

        RouteTable routes = previous == null ? RouteTable.build(snapshot, null, null, metrics, settings)
                : RouteTable.build(snapshot, previous.snapshot, previous.routes, metrics, settings);
        return new LiveRouting(snapshot, clusters, routes, endpoints);
    }

    public RoutingSnapshot snapshot() {
        return snapshot;
    }

    public ClusterRuntime cluster(ClusterName name) {
        CompiledCluster cluster = clusters.get(name);
        return cluster == null ? null : cluster.runtime();
    }

    public Collection<ClusterRuntime> clusters() {
        return clusters.values().stream().map(CompiledCluster::runtime).toList();
    }

    public RouteStats stats(Route route) {
        return routes.route(route).stats();
    }

    /** What the live routing keeps for {@code route}, one of its snapshot's (the fallback included). */
    public RouteRuntime route(Route route) {
        return routes.route(route);
    }

    /**
     * The cluster a request to {@code forward} goes to: the one its affinity cookie names an endpoint of, else its canary's
     * when the canary takes the request, else its own.
     */
    public ClusterRuntime cluster(RouteAction.Forward forward, HttpHeaders headers) {
        ClusterRuntime main = cluster(forward.cluster());
        if (forward.canary() == null || main != null && main.holdsSession(headers)) {
            return main;
        }
        ClusterRuntime canary = cluster(forward.canary().cluster());
        return canary != null && canary.holdsSession(headers) ? canary : cluster(canaries.cluster(forward, headers));
    }

    /** The compiled filters (with the rate limiter) of a forwarding route, the fallback included; null when it has none. */
    public RouteFilters filters(Route route) {
        return routes.route(route).filters();
    }
}
