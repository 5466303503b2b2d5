package dev.gatehouse.proxy.admin;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.LeastRequest;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.tcp.TcpListeners;
import dev.gatehouse.proxy.udp.UdpListeners;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.RateLimit;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live routing as JSON for {@code /routes}: hosts in lookup order, each host's routes in precedence
 * order with what each checks and changes, the TCP listeners with whether their ports are bound, and every
 * cluster with its policy and its endpoints' health as the proxy sees it now. What an operator reads to see why a
 * request went where it did. Header values, password hashes and the addresses of external auth and mirrors stay
 * out: header and user names say what is set without showing what may be secret.
 */
public final class RoutesJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RoutesJson() {
    }

    /** The proxy's own fields of {@code /routes}, which the controller's may not replace. */
    static final Set<String> FIELDS = Set.of("version", "virtualHosts", "fallback", "tls", "tcpListeners", "tlsPassthrough",
            "udpListeners", "clusters");

    /** @param added the controller's fields, by name, rendered after the proxy's own */
    public static byte[] render(LiveRouting live, TcpListeners tcp, UdpListeners udp, Map<String, Supplier<?>> added) {
        RoutingSnapshot snapshot = live.snapshot();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", snapshot.version());
        List<Object> hosts = new ArrayList<>();
        for (VirtualHost host : snapshot.virtualHosts()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", host.host().toString());
            entry.put("routes", host.routes().stream().map(RoutesJson::route).toList());
            hosts.add(entry);
        }
        root.put("virtualHosts", hosts);
        root.put("fallback", route(snapshot.fallback()));
        root.put("tls", snapshot.tls().stream().map(binding -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", binding.host().toString());
            entry.put("secret", binding.secret());
            entry.put("certificate", binding.certificate().fingerprint());
            entry.put("names", binding.certificate().hosts());
            entry.put("notAfter", binding.certificate().notAfter().toString());
            return entry;
        }).toList());
        root.put("tcpListeners", snapshot.tcpListeners().stream().map(listener -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", listener.name());
            entry.put("port", listener.port());
            entry.put("cluster", listener.cluster().toString());
            entry.put("acceptProxyProtocol", listener.acceptProxyProtocol());
            entry.put("sendProxyProtocol", listener.sendProxyProtocol());
            if (!listener.allowedSources().isEmpty()) {
                entry.put("allowedSources", listener.allowedSources());
            }
            entry.put("bound", tcp.address(listener.port()) != null);
            String error = tcp.bindError(listener.port());
            if (error != null) {
                entry.put("bindError", error);
            }
            return entry;
        }).toList());
        root.put("tlsPassthrough", snapshot.tlsPassthrough().stream().map(rule -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", rule.host().toString());
            entry.put("port", rule.port());
            entry.put("backends", rule.backends().stream().map(backend -> {
                Map<String, Object> weighted = new LinkedHashMap<>();
                weighted.put("cluster", backend.cluster().toString());
                weighted.put("weight", backend.weight());
                return weighted;
            }).toList());
            return entry;
        }).toList());
        root.put("udpListeners", snapshot.udpListeners().stream().map(listener -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", listener.name());
            entry.put("port", listener.port());
            entry.put("cluster", listener.cluster().toString());
            entry.put("bound", udp.address(listener.port()) != null);
            String error = udp.bindError(listener.port());
            if (error != null) {
                entry.put("bindError", error);
            }
            return entry;
        }).toList());
        long now = System.nanoTime();
        List<Object> clusters = new ArrayList<>();
        live.clusters().stream().sorted(Comparator.comparing(ClusterRuntime::name)).forEach(cluster -> {
            ClusterPolicy policy = cluster.policy();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", cluster.name());
            entry.put("protocol", policy.protocol().name().toLowerCase());
            entry.put("loadBalancing", describe(policy.loadBalancing()));
            if (policy.affinity() != null) {
                entry.put("affinityCookie", policy.affinity().cookieName());
            }
            HealthCheck check = policy.healthCheck();
            if (check != null) {
                entry.put("healthCheck", (check.tcp() ? "TCP connect" : check.path()) + " every " + check.interval().toMillis() + " ms");
            }
            List<Object> endpoints = new ArrayList<>();
            Member[] members = cluster.members();
            for (int i = 0; i < members.length; i++) {
                Member member = members[i];
                Map<String, Object> endpoint = new LinkedHashMap<>();
                endpoint.put("address", member.endpoint().toString());
                endpoint.put("weight", member.weight());
                // members are built in the order of the cluster's endpoints
                Endpoint model = cluster.cluster().endpoints().get(i);
                if (check != null && model.healthPort() != model.port()) {
                    endpoint.put("healthPort", model.healthPort());
                }
                endpoint.put("health", member.health().state(now));
                if (cluster.tracksInFlight()) {
                    endpoint.put("inFlight", member.health().inFlight());
                }
                endpoints.add(endpoint);
            }
            entry.put("endpoints", endpoints);
            clusters.add(entry);
        });
        root.put("clusters", clusters);
        added.forEach((name, json) -> root.put(name, json.get()));
        return JSON.writeValueAsBytes(root);
    }

    private static String describe(LoadBalancing policy) {
        if (policy instanceof LoadBalancing.LeastRequest leastRequest) {
            return "least-request (" + leastRequest.choices() + " choices)";
        }
        if (policy instanceof LoadBalancing.ConsistentHash hash) {
            HashKey key = hash.key();
            String by = key instanceof HashKey.Header header ? "header " + header.name()
                    : key instanceof HashKey.Cookie cookie ? "cookie " + cookie.name()
                    : key instanceof HashKey.ClientAddress ? "client address"
                    : key instanceof HashKey.RequestUri ? "request URI" : "host";
            return "consistent hash by " + by;
        }
        return "round-robin";
    }

    static Map<String, Object> route(Route route) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", route.name());
        entry.put("pathType", switch (route.path().type()) {
            case EXACT -> "Exact";
            case PREFIX -> "Prefix";
            case BEGINS -> "Begins";
            case BEGINS_IGNORE_CASE -> "BeginsIgnoreCase";
            case REGEX -> "Regex";
        });
        entry.put("path", route.path().value());
        if (route.action() instanceof RouteAction.Forward forward) {
            entry.put("forward", forward.cluster().toString());
            if (forward.canary() != null) {
                entry.put("canary", forward.canary().cluster().toString());
                entry.put("canaryWeight", forward.canary().weight() + "/" + forward.canary().weightTotal());
            }
            if (!forward.filters().none()) {
                entry.put("filters", filters(forward.filters()));
            }
        } else if (route.action() instanceof RouteAction.DirectResponse direct) {
            entry.put("directResponse", direct.status());
        } else if (route.action() instanceof RouteAction.Redirect redirect) {
            entry.put("redirect", redirect.status() + " " + (redirect.target() != null ? "to " + redirect.target()
                    : redirect.host() != null ? "to host " + redirect.host() : redirect.location()));
        }
        return entry;
    }

    /** The filters a route applies, each only when it does something. */
    private static Map<String, Object> filters(RequestFilters filters) {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (!filters.allowedSources().isEmpty()) {
            entry.put("allowedSources", filters.allowedSources());
        }
        if (!filters.deniedSources().isEmpty()) {
            entry.put("deniedSources", filters.deniedSources());
        }
        if (filters.basicAuth() != null) {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("realm", filters.basicAuth().realm());
            auth.put("users", filters.basicAuth().unavailable() ? "unavailable: every request is answered 503"
                    : new TreeSet<>(filters.basicAuth().users().keySet()));
            entry.put("basicAuth", auth);
        }
        if (filters.externalAuth() != null) {
            entry.put("externalAuth", true);
        }
        RateLimit limit = filters.rateLimit();
        if (limit != null) {
            Map<String, Object> rate = new LinkedHashMap<>();
            if (limit.refuseAll()) {
                rate.put("refuseAll", true);
            }
            if (limit.perSecond() > 0) {
                rate.put("perSecond", limit.perSecond());
            }
            if (limit.perMinute() > 0) {
                rate.put("perMinute", limit.perMinute());
            }
            if (limit.connections() > 0) {
                rate.put("connections", limit.connections());
            }
            entry.put("rateLimit", rate);
        }
        if (filters.cors() != null) {
            entry.put("corsOrigins", filters.cors().allowOrigins());
        }
        if (filters.pathRewrite() != null) {
            entry.put("rewriteTo", filters.pathRewrite().replacement());
        }
        if (filters.upstreamHost() != null) {
            entry.put("upstreamHost", filters.upstreamHost());
        }
        if (!filters.requestHeaders().isEmpty()) {
            entry.put("requestHeaders", new TreeSet<>(filters.requestHeaders().keySet()));
        }
        if (!filters.responseHeaders().isEmpty()) {
            entry.put("responseHeaders", new TreeSet<>(filters.responseHeaders().keySet()));
        }
        if (filters.errorPages() != null) {
            entry.put("errorPages", new TreeSet<>(filters.errorPages().statuses()));
        }
        if (filters.mirror() != null || !filters.mirrors().isEmpty()) {
            // a mirror target, like an auth URL, may carry a token in its query
            entry.put("mirror", true);
        }
        if (!filters.accessLog()) {
            entry.put("accessLog", false);
        }
        return entry;
    }
}
