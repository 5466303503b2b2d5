package dev.gatehouse.proxy;

import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds routing snapshots for proxy tests: {@code new Snapshots().route("a.example", "/", "web", 8081).build(1)}. */
final class Snapshots {

    private final Map<HostPattern, List<Route>> routes = new LinkedHashMap<>();
    private final Map<ClusterName, List<Endpoint>> clusters = new LinkedHashMap<>();
    private final Map<ClusterName, ClusterPolicy> policies = new LinkedHashMap<>();

    /** A prefix route on {@code host} to cluster {@code service} whose endpoints are loopback ports. */
    Snapshots route(String host, String prefix, String service, int... ports) {
        return route(host, prefix, service, RequestPolicy.DEFAULTS, ports);
    }

    /** The same, with the route's own timeouts, attempts or body limit. */
    Snapshots route(String host, String prefix, String service, RequestPolicy policy, int... ports) {
        return route(host, prefix, service, policy, RequestFilters.NONE, ports);
    }

    /** The same, with the route's request filters: allowed sources, basic auth, rewrites. */
    Snapshots filtered(String host, String prefix, String service, RequestFilters filters, int... ports) {
        return route(host, prefix, service, RequestPolicy.DEFAULTS, filters, ports);
    }

    /** A route whose plain HTTP requests are redirected to HTTPS with {@code status}. */
    Snapshots redirecting(String host, String prefix, String service, int status, int... ports) {
        return route(host, prefix, service, RequestPolicy.DEFAULTS.withTls(status, null), RequestFilters.NONE, ports);
    }

    /** A route with its own policy and filters. */
    Snapshots route(String host, String prefix, String service, RequestPolicy policy, RequestFilters filters, int... ports) {
        ClusterName name = name(service);
        List<Endpoint> endpoints = clusters.computeIfAbsent(name, n -> new ArrayList<>());
        for (int port : ports) {
            endpoints.add(Endpoint.of("127.0.0.1", port));
        }
        routes.computeIfAbsent(HostPattern.of(host), h -> new ArrayList<>())
                .add(new Route("test/" + service + ":" + prefix, PathMatch.prefix(prefix), new RouteAction.Forward(name, policy, filters)));
        return this;
    }

    /** An endpoint with a weight other than 1. */
    Snapshots weighted(String service, int port, int weight) {
        clusters.computeIfAbsent(name(service), n -> new ArrayList<>()).add(new Endpoint("127.0.0.1", port, weight));
        return this;
    }

    /** Protocol, load balancing, affinity or health check of a cluster. */
    Snapshots policy(String service, ClusterPolicy policy) {
        policies.put(name(service), policy);
        return this;
    }

    RoutingSnapshot build(long version) {
        List<VirtualHost> hosts = routes.entrySet().stream().map(e -> new VirtualHost(e.getKey(), e.getValue())).toList();
        List<Cluster> built = clusters.entrySet().stream()
                .map(e -> new Cluster(e.getKey(), e.getValue(), policies.getOrDefault(e.getKey(), ClusterPolicy.DEFAULT)))
                .toList();
        return RoutingSnapshot.of(version, hosts, built, null);
    }

    private static ClusterName name(String service) {
        return new ClusterName("test", service, "80");
    }
}
