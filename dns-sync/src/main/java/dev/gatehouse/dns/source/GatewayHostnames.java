package dev.gatehouse.dns.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of Gateway API routes, as external-dns's {@code gateway-httproute} (and grpcroute, tlsroute, tcproute,
 * udproute) sources make them: each hostname a route serves through one of our Gateways ({@link RouteHosts}) points at
 * that Gateway's targets, combined over the Gateways it goes through. A Gateway's targets are its target annotation's,
 * else its {@code status.addresses}, else (standalone, where no status is written) the edge's. The route's own target
 * and TTL annotations come first; a Gateway's TTL annotation is the default of the routes through it.
 */
final class GatewayHostnames {

    /** Where the records of one route go: the hostnames, the targets they point at, the TTL unless the route names one. */
    interface Sink {
        void publish(HasMetadata route, Set<String> hosts, List<String> targets, long defaultTtl);
    }

    private record Via(List<String> targets, long ttl) {
    }

    private GatewayHostnames() {
    }

    static void publish(GatewaySources sources, SourceSettings settings, List<SourceProblem> problems, Sink sink) {
        if (sources.routes().isEmpty() || sources.gateways().isEmpty()) {
            return;
        }
        Map<String, Gateway> gateways = new HashMap<>();
        Map<Gateway, Via> vias = new IdentityHashMap<>();
        for (Gateway gateway : sources.gateways()) {
            gateways.put(RouteHosts.namespace(gateway) + "/" + gateway.getMetadata().getName(), gateway);
            vias.put(gateway, new Via(targets(gateway, settings), SourceAnnotations.ttl(gateway, settings.defaultTtl(), problems)));
        }
        Map<String, Namespace> namespaces = new HashMap<>();
        sources.namespaces().forEach(n -> namespaces.put(n.getMetadata().getName(), n));
        RouteHosts routeHosts = new RouteHosts(gateways, new ListenerMatch(namespaces));
        for (GatewayRoute route : sources.routes()) {
            Map<Via, Set<String>> hostsByVia = new LinkedHashMap<>();
            routeHosts.of(route, SourceAnnotations.hosts(route.route())).forEach((host, through) -> {
                TreeSet<String> targets = new TreeSet<>();
                long ttl = -1;
                for (Gateway gateway : through) {
                    Via via = vias.get(gateway);
                    targets.addAll(via.targets());
                    ttl = ttl < 0 ? via.ttl() : ttl;
                }
                hostsByVia.computeIfAbsent(new Via(List.copyOf(targets), ttl), v -> new LinkedHashSet<>()).add(host);
            });
            hostsByVia.forEach((via, hosts) -> sink.publish(route.route(), hosts, via.targets(), via.ttl()));
        }
    }

    private static List<String> targets(Gateway gateway, SourceSettings settings) {
        List<String> override = SourceAnnotations.targets(gateway).orElse(null);
        if (override != null) {
            return override;
        }
        List<String> targets = new ArrayList<>();
        if (gateway.getStatus() != null && gateway.getStatus().getAddresses() != null) {
            for (GatewayStatusAddress address : gateway.getStatus().getAddresses()) {
                if (address.getValue() != null && !address.getValue().isBlank()) {
                    targets.add(address.getValue().trim());
                }
            }
        }
        return targets.isEmpty() && settings.statuslessUseEdge() ? settings.edgeTargets() : targets;
    }
}
