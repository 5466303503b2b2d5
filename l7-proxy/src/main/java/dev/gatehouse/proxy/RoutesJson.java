package dev.gatehouse.proxy;

import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.PathType;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live snapshot as JSON for {@code /routes}: hosts in lookup order, each host's routes in precedence
 * order, and every cluster with its endpoints. What an operator reads to see why a request went where it did.
 */
final class RoutesJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RoutesJson() {
    }

    static byte[] render(LiveRouting live) {
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
        List<Object> clusters = new ArrayList<>();
        for (Cluster cluster : snapshot.clusters()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", cluster.name().toString());
            entry.put("policy", "round-robin");
            entry.put("endpoints", cluster.endpoints().stream().map(RoutesJson::endpoint).toList());
            clusters.add(entry);
        }
        root.put("clusters", clusters);
        return JSON.writeValueAsBytes(root);
    }

    private static Map<String, Object> route(Route route) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", route.name());
        entry.put("pathType", route.path().type() == PathType.EXACT ? "Exact" : "Prefix");
        entry.put("path", route.path().value());
        if (route.action() instanceof RouteAction.Forward forward) {
            entry.put("forward", forward.cluster().toString());
        } else if (route.action() instanceof RouteAction.DirectResponse direct) {
            entry.put("directResponse", direct.status());
        }
        return entry;
    }

    private static Map<String, Object> endpoint(Endpoint endpoint) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("address", endpoint.address());
        entry.put("port", endpoint.port());
        entry.put("weight", endpoint.weight());
        return entry;
    }
}
