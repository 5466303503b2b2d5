package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.balance.Canaries;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.MemberHealth;
import dev.gatehouse.proxy.filter.RateLimiters;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.upstream.UpstreamEndpoint;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the proxy's one atomic reference holds: a snapshot and the runtime built for it (members and a
 * selector per cluster; per route its metric handles, compiled request filters and limits with the proxy's defaults
 * resolved, as a {@link RouteRuntime}). Built completely off the event loops, then never changed. Endpoint objects (and so connection pools), member health and compiled
 * filters carry over from the previous routing for whatever is still there.
 */
public final class LiveRouting {

    private final RoutingSnapshot snapshot;
    private final Map<ClusterName, ClusterRuntime> clusters;
    private final IdentityHashMap<Route, RouteRuntime> routes;
    private final Map<String, RouteStats> statsByLabel;
    private final Map<RequestFilters, RouteFilters> filtersByModel;
    private final Map<String, UpstreamEndpoint> endpoints;
    private final Map<String, MemberHealth> health;
    private final Canaries canaries;
    private final RateLimiters limiters;

    private LiveRouting(RoutingSnapshot snapshot, Map<ClusterName, ClusterRuntime> clusters,
                        IdentityHashMap<Route, RouteRuntime> routes, Map<String, RouteStats> statsByLabel,
                        Map<RequestFilters, RouteFilters> filtersByModel,
                        Map<String, UpstreamEndpoint> endpoints, Map<String, MemberHealth> health, RateLimiters limiters) {
        this.snapshot = snapshot;
        this.clusters = clusters;
        this.routes = routes;
        this.statsByLabel = statsByLabel;
        this.filtersByModel = filtersByModel;
        this.endpoints = endpoints;
        this.health = health;
        this.canaries = Canaries.of(snapshot);
        this.limiters = limiters;
    }

    /** @param settings the proxy's settings as the snapshot tunes them: their defaults fill what routes leave unset */
    public static LiveRouting build(RoutingSnapshot snapshot, LiveRouting previous, ProxyMetrics metrics, ProxySettings settings) {
        Map<String, UpstreamEndpoint> endpoints = new HashMap<>();
        Map<String, MemberHealth> health = new HashMap<>();
        Map<ClusterName, ClusterRuntime> clusters = new HashMap<>();
        for (Cluster cluster : snapshot.clusters()) {
            boolean affinity = cluster.policy().affinity() != null;
            Member[] members = new Member[cluster.endpoints().size()];
            for (int i = 0; i < members.length; i++) {
                Endpoint endpoint = cluster.endpoints().get(i);
                String key = UpstreamEndpoint.key(endpoint);
                UpstreamEndpoint upstream = endpoints.computeIfAbsent(key, k -> {
                    UpstreamEndpoint known = previous == null ? null : previous.endpoints.get(k);
                    return known != null ? known : new UpstreamEndpoint(endpoint);
                });
                String healthKey = cluster.name() + "|" + key;
                MemberHealth memberHealth = previous == null ? null : previous.health.get(healthKey);
                if (memberHealth == null) {
                    memberHealth = new MemberHealth();
                }
                health.put(healthKey, memberHealth);
                members[i] = new Member(upstream, memberHealth, endpoint.weight(), affinity ? affinityId(endpoint) : null);
            }
            clusters.put(cluster.name(), new ClusterRuntime(cluster, members, settings.outlier(), metrics));
        }

        IdentityHashMap<Route, RouteRuntime> routes = new IdentityHashMap<>();
        Map<String, RouteStats> statsByLabel = new HashMap<>();
        Map<RequestFilters, RouteFilters> filtersByModel = new HashMap<>();
        RouteCompiler compiler = previous == null ? new RouteCompiler(settings, Map.of(), null, filtersByModel)
                : new RouteCompiler(settings, previous.filtersByModel, previous.limiters, filtersByModel);
        for (VirtualHost host : snapshot.virtualHosts()) {
            for (Route route : host.routes()) {
                routes.put(route, compiler.compile(route, stats(host.host().toString(), route, previous, statsByLabel, metrics)));
            }
        }
        // an Ingress's spec.defaultBackend carries that Ingress's filters: its access control and limits hold there too
        routes.put(snapshot.fallback(),
                compiler.compile(snapshot.fallback(), stats("*", snapshot.fallback(), previous, statsByLabel, metrics)));

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
            Set<ClusterName> gone = new HashSet<>(previous.clusters.keySet());
            gone.removeAll(clusters.keySet());
            gone.forEach(name -> metrics.forgetCluster(name.toString()));
        }
        return new LiveRouting(snapshot, Map.copyOf(clusters), routes, statsByLabel, filtersByModel,
                Map.copyOf(endpoints), Map.copyOf(health), compiler.limiters());
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

    /** A stable, opaque cookie value per endpoint: the same on every replica, without revealing the address. */
    private static String affinityId(Endpoint endpoint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((endpoint.address() + ":" + endpoint.port()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public RoutingSnapshot snapshot() {
        return snapshot;
    }

    public ClusterRuntime cluster(ClusterName name) {
        return clusters.get(name);
    }

    public Collection<ClusterRuntime> clusters() {
        return clusters.values();
    }

    public RouteStats stats(Route route) {
        return routes.get(route).stats();
    }

    /** What the live routing keeps for {@code route}, one of its snapshot's (the fallback included). */
    public RouteRuntime route(Route route) {
        return routes.get(route);
    }

    /**
     * The cluster a request to {@code forward} goes to: the one its affinity cookie names an endpoint of, else its canary's
     * when the canary takes the request, else its own.
     */
    public ClusterRuntime cluster(RouteAction.Forward forward, HttpHeaders headers) {
        ClusterRuntime main = clusters.get(forward.cluster());
        if (forward.canary() == null || main != null && main.holdsSession(headers)) {
            return main;
        }
        ClusterRuntime canary = clusters.get(forward.canary().cluster());
        return canary != null && canary.holdsSession(headers) ? canary : clusters.get(canaries.cluster(forward, headers));
    }

    /** The compiled filters (with the rate limiter) of a forwarding route, the fallback included; null when it has none. */
    public RouteFilters filters(Route route) {
        return routes.get(route).filters();
    }
}
