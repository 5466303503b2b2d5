package dev.gatehouse.proxy;

import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the proxy's one atomic reference holds: a snapshot and the runtime built for it (a selector per
 * cluster, metric handles per route). Built completely off the event loops, then never changed.
 */
final class LiveRouting {

    private final RoutingSnapshot snapshot;
    private final Map<ClusterName, ClusterRuntime> clusters;
    private final IdentityHashMap<Route, RouteStats> routeStats;
    private final Map<String, RouteStats> statsByLabel;
    private final Map<String, UpstreamEndpoint> endpoints;

    private LiveRouting(RoutingSnapshot snapshot, Map<ClusterName, ClusterRuntime> clusters,
                        IdentityHashMap<Route, RouteStats> routeStats, Map<String, RouteStats> statsByLabel,
                        Map<String, UpstreamEndpoint> endpoints) {
        this.snapshot = snapshot;
        this.clusters = clusters;
        this.routeStats = routeStats;
        this.statsByLabel = statsByLabel;
        this.endpoints = endpoints;
    }

    /**
     * Builds the runtime of {@code snapshot}, reusing from {@code previous} the endpoint objects (and so the
     * connection pools) and the metric handles of whatever is still there.
     */
    static LiveRouting build(RoutingSnapshot snapshot, LiveRouting previous, ProxyMetrics metrics) {
        Map<String, UpstreamEndpoint> endpoints = new HashMap<>();
        Map<ClusterName, ClusterRuntime> clusters = new HashMap<>();
        for (Cluster cluster : snapshot.clusters()) {
            List<UpstreamEndpoint> members = new ArrayList<>(cluster.endpoints().size());
            for (Endpoint endpoint : cluster.endpoints()) {
                String key = UpstreamEndpoint.key(endpoint);
                UpstreamEndpoint upstream = endpoints.get(key);
                if (upstream == null) {
                    upstream = previous == null ? null : previous.endpoints.get(key);
                    if (upstream == null) {
                        upstream = new UpstreamEndpoint(endpoint);
                    }
                    endpoints.put(key, upstream);
                }
                members.add(upstream);
            }
            String name = cluster.name().toString();
            clusters.put(cluster.name(), new ClusterRuntime(cluster, new RoundRobinSelector(members),
                    metrics.upstreamLatency.labelValues(name)));
        }

        IdentityHashMap<Route, RouteStats> routeStats = new IdentityHashMap<>();
        Map<String, RouteStats> statsByLabel = new HashMap<>();
        for (VirtualHost host : snapshot.virtualHosts()) {
            for (Route route : host.routes()) {
                routeStats.put(route, stats(host.host().toString(), route, previous, statsByLabel, metrics));
            }
        }
        routeStats.put(snapshot.fallback(), stats("*", snapshot.fallback(), previous, statsByLabel, metrics));

        if (previous != null) {
            previous.endpoints.forEach((key, endpoint) -> {
                if (!endpoints.containsKey(key)) {
                    endpoint.retire();
                }
            });
            previous.statsByLabel.forEach((label, stats) -> {
                if (!statsByLabel.containsKey(label)) {
                    stats.remove();
                }
            });
            previous.clusters.keySet().stream().filter(name -> !clusters.containsKey(name))
                    .forEach(name -> metrics.upstreamLatency.remove(name.toString()));
        }
        return new LiveRouting(snapshot, Map.copyOf(clusters), routeStats, statsByLabel, Map.copyOf(endpoints));
    }

    private static RouteStats stats(String virtualHost, Route route, LiveRouting previous,
                                    Map<String, RouteStats> statsByLabel, ProxyMetrics metrics) {
        String label = virtualHost + "\n" + route.name();
        RouteStats stats = statsByLabel.get(label);
        if (stats == null && previous != null) {
            stats = previous.statsByLabel.get(label);
        }
        if (stats == null) {
            stats = new RouteStats(metrics.requests, virtualHost, route.name());
        }
        statsByLabel.put(label, stats);
        return stats;
    }

    RoutingSnapshot snapshot() {
        return snapshot;
    }

    ClusterRuntime cluster(ClusterName name) {
        return clusters.get(name);
    }

    RouteStats stats(Route route) {
        return routeStats.get(route);
    }
}
