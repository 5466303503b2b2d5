package dev.gatehouse.dns.source;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hostnames of one route and the Gateways each is reached through, as external-dns's gateway sources find them:
 * for each entry of the route's {@code status.parents} naming one of our Gateways with {@code Accepted=True}, each
 * listener the route is attached to ({@link ListenerMatch}) narrows the route's hostnames to its own
 * ({@link ListenerHostnames}); a route without hostnames takes the listener's.
 */
final class RouteHosts {

    private static final String GROUP = "gateway.networking.k8s.io";

    private final Map<String, Gateway> gateways;
    private final ListenerMatch listeners;

    /** @param gateways our Gateways by {@code namespace/name} */
    RouteHosts(Map<String, Gateway> gateways, ListenerMatch listeners) {
        this.gateways = gateways;
        this.listeners = listeners;
    }

    /**
     * @param annotated the hostnames the route's hostname annotation adds to its spec's
     * @return the hostnames served, sorted, each with the Gateways (in the order of the route's parents) it goes through
     */
    Map<String, Set<Gateway>> of(GatewayRoute route, Collection<String> annotated) {
        List<String> named = new ArrayList<>(route.hostnames());
        named.addAll(annotated);
        String routeNamespace = namespace(route.route());
        Map<String, Set<Gateway>> hosts = new TreeMap<>();
        for (RouteParentStatus parent : route.parents()) {
            ParentReference ref = parent.getParentRef();
            if (ref == null || !accepted(parent.getConditions()) || !names(ref)) {
                continue;
            }
            String namespace = ref.getNamespace() == null ? routeNamespace : ref.getNamespace();
            Gateway gateway = gateways.get(namespace + "/" + ref.getName());
            if (gateway == null || gateway.getSpec() == null || gateway.getSpec().getListeners() == null) {
                continue;
            }
            for (Listener listener : gateway.getSpec().getListeners()) {
                if (!listeners.matches(listener, ref, namespace, route.route().getKind(), routeNamespace)) {
                    continue;
                }
                for (String host : served(listener.getHostname(), named)) {
                    hosts.computeIfAbsent(host, h -> new LinkedHashSet<>()).add(gateway);
                }
            }
        }
        return hosts;
    }

    private static List<String> served(String listenerHostname, List<String> named) {
        if (named.isEmpty()) {
            return listenerHostname == null || listenerHostname.isBlank() ? List.of() : List.of(listenerHostname);
        }
        List<String> served = new ArrayList<>();
        for (String name : named) {
            String common = name == null ? null : ListenerHostnames.intersect(listenerHostname, name);
            if (common != null) {
                served.add(common);
            }
        }
        return served;
    }

    private static boolean names(ParentReference ref) {
        return (ref.getGroup() == null || GROUP.equals(ref.getGroup())) && (ref.getKind() == null || "Gateway".equals(ref.getKind()));
    }

    private static boolean accepted(List<Condition> conditions) {
        return conditions != null && conditions.stream().anyMatch(c -> "Accepted".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String namespace(HasMetadata object) {
        return object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
    }
}
