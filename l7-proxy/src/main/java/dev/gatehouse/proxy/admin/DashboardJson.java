package dev.gatehouse.proxy.admin;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.MemberHealth;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.observe.RollingWindow;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.tcp.TcpListeners;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proxy's side of the dashboard as JSON, for {@code /api/v1/overview}, {@code /api/v1/hosts} and
 * {@code /api/v1/clusters}: what {@code /routes} says (with the same redaction: names of headers and users, never
 * values, hashes or tokens) plus the last minute of traffic per route and per endpoint, and each endpoint's state.
 * Rates are per second over the last minute; latencies are in milliseconds, as the upper bound of a doubling bucket,
 * null without traffic.
 */
public final class DashboardJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DashboardJson() {
    }

    /** Where the proxy stands: version, snapshot, listeners, traffic of the last minute, open connections. */
    public static byte[] overview(LiveRouting live, Instant appliedAt, boolean ready, Map<String, String> listeners,
                           TcpListeners tcp, long connections) {
        RoutingSnapshot snapshot = live.snapshot();
        Map<String, Object> root = new LinkedHashMap<>();
        String version = DashboardJson.class.getPackage().getImplementationVersion();
        root.put("gatehouse", version == null ? "development build" : version);
        root.put("ready", ready);
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("version", snapshot.version());
        applied.put("appliedAt", appliedAt == null ? null : appliedAt.toString());
        root.put("snapshot", applied);
        List<Object> bound = new ArrayList<>();
        listeners.forEach((name, address) -> bound.add(Map.of("name", name, "address", address)));
        snapshot.tcpListeners().forEach(listener -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", "tcp " + listener.name());
            InetSocketAddress address = tcp.address(listener.port());
            entry.put("address", address == null ? "port " + listener.port() + " not bound" : address(address));
            bound.add(entry);
        });
        root.put("listeners", bound);
        long requests = 0;
        long clientErrors = 0;
        long serverErrors = 0;
        double seconds = 1;
        int routes = 0;
        for (VirtualHost host : snapshot.virtualHosts()) {
            routes += host.routes().size();
        }
        List<Route> all = new ArrayList<>();
        snapshot.virtualHosts().forEach(host -> all.addAll(host.routes()));
        all.add(snapshot.fallback());
        for (Route route : all) {
            RouteStats stats = live.stats(route);
            RollingWindow.Summary minute = stats == null ? null : stats.lastMinute();
            if (minute != null) {
                requests += minute.requests();
                clientErrors += minute.clientErrors();
                serverErrors += minute.serverErrors();
                seconds = Math.max(seconds, minute.seconds());
            }
        }
        Map<String, Object> traffic = new LinkedHashMap<>();
        traffic.put("windowSeconds", round(seconds));
        traffic.put("requestsPerSecond", round(requests / seconds));
        traffic.put("clientErrorsPerSecond", round(clientErrors / seconds));
        traffic.put("serverErrorsPerSecond", round(serverErrors / seconds));
        root.put("traffic", traffic);
        root.put("openConnections", connections);
        long now = System.nanoTime();
        int endpoints = 0;
        int available = 0;
        for (ClusterRuntime cluster : live.clusters()) {
            for (Member member : cluster.members()) {
                endpoints++;
                available += member.health().available(now) ? 1 : 0;
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("virtualHosts", snapshot.virtualHosts().size());
        counts.put("routes", routes);
        counts.put("clusters", live.clusters().size());
        counts.put("endpoints", endpoints);
        counts.put("endpointsAvailable", available);
        counts.put("certificates", snapshot.tls().size());
        root.put("counts", counts);
        return JSON.writeValueAsBytes(root);
    }

    /** Every virtual host in lookup order with its routes in precedence order, each with its last minute. */
    public static byte[] hosts(LiveRouting live) {
        RoutingSnapshot snapshot = live.snapshot();
        List<Object> hosts = new ArrayList<>();
        for (VirtualHost host : snapshot.virtualHosts()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", host.host().toString());
            entry.put("routes", host.routes().stream().map(route -> route(live, route)).toList());
            hosts.add(entry);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", snapshot.version());
        root.put("virtualHosts", hosts);
        root.put("fallback", route(live, snapshot.fallback()));
        return JSON.writeValueAsBytes(root);
    }

    private static Map<String, Object> route(LiveRouting live, Route route) {
        Map<String, Object> entry = RoutesJson.route(route);
        RouteStats stats = live.stats(route);
        RollingWindow.Summary minute = stats == null ? null : stats.lastMinute();
        Map<String, Object> traffic = new LinkedHashMap<>();
        traffic.put("requestsPerSecond", minute == null ? 0 : round(minute.requestsPerSecond()));
        traffic.put("clientErrorsPerSecond", minute == null ? 0 : round(minute.clientErrorsPerSecond()));
        traffic.put("serverErrorsPerSecond", minute == null ? 0 : round(minute.serverErrorsPerSecond()));
        traffic.put("p50Millis", minute == null ? null : millis(minute.p50Millis()));
        traffic.put("p99Millis", minute == null ? null : millis(minute.p99Millis()));
        entry.put("lastMinute", traffic);
        return entry;
    }

    /** Every cluster by name with each endpoint's state, weight, in-flight requests and last minute. */
    public static byte[] clusters(LiveRouting live, long nowNanos) {
        List<Object> clusters = new ArrayList<>();
        live.clusters().stream().sorted(Comparator.comparing(ClusterRuntime::name)).forEach(cluster -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", cluster.name());
            HealthCheck check = cluster.policy().healthCheck();
            entry.put("healthCheck", check == null ? null
                    : (check.tcp() ? "TCP connect" : "GET " + check.path()) + " every " + check.interval().toMillis() + " ms");
            List<Object> endpoints = new ArrayList<>();
            boolean anyAvailable = false;
            for (Member member : cluster.members()) {
                MemberHealth health = member.health();
                anyAvailable |= health.available(nowNanos);
                endpoints.add(endpoint(cluster, member, health, nowNanos));
            }
            // with no endpoint available, selection sends requests to unavailable ones anyway (panic mode)
            entry.put("panic", cluster.members().length > 0 && !anyAvailable);
            entry.put("endpoints", endpoints);
            clusters.add(entry);
        });
        return JSON.writeValueAsBytes(Map.of("version", live.snapshot().version(), "clusters", clusters));
    }

    private static Map<String, Object> endpoint(ClusterRuntime cluster, Member member, MemberHealth health, long now) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("address", member.endpoint().toString());
        endpoint.put("weight", member.weight());
        endpoint.put("state", health.state(now));
        long ejectedFor = health.ejectedFor(now);
        if (ejectedFor > 0) {
            endpoint.put("ejectedUntil", Instant.now().plusNanos(ejectedFor).toString());
        }
        MemberHealth.LastCheck last = health.lastCheck();
        if (last != null) {
            endpoint.put("lastCheck", Map.of("passed", last.success(), "result", last.detail(),
                    "at", Instant.ofEpochMilli(last.epochMillis()).toString()));
        }
        endpoint.put("inFlight", cluster.tracksInFlight() ? health.inFlight() : null);
        RollingWindow.Summary minute = health.lastMinute();
        Map<String, Object> traffic = new LinkedHashMap<>();
        traffic.put("requestsPerSecond", minute == null ? 0 : round((minute.requests() + minute.failures()) / minute.seconds()));
        traffic.put("errorRatio", minute == null ? 0 : round(minute.errorRatio()));
        traffic.put("p50Millis", minute == null ? null : millis(minute.p50Millis()));
        traffic.put("p99Millis", minute == null ? null : millis(minute.p99Millis()));
        endpoint.put("lastMinute", traffic);
        return endpoint;
    }

    /** host:port, as an operator writes it. */
    public static String address(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static Double millis(double value) {
        return Double.isNaN(value) ? null : round(value);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
