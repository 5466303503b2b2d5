package dev.gatehouse.dns.source;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteNamespaces;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a listener of a Gateway that accepted a route is one the route is attached to, as external-dns decides it:
 * the parentRef's sectionName and port select it, its protocol carries the route's kind, and its {@code allowedRoutes}
 * take the route's kind from the route's namespace.
 */
final class ListenerMatch {

    private static final String GROUP = "gateway.networking.k8s.io";
    private static final Map<String, Set<String>> PROTOCOLS = Map.of(
            "HTTPRoute", Set.of("HTTP", "HTTPS"),
            "GRPCRoute", Set.of("HTTP", "HTTPS"),
            "TLSRoute", Set.of("TLS"),
            "TCPRoute", Set.of("TCP"),
            "UDPRoute", Set.of("UDP"));

    private final Map<String, Namespace> namespaces;

    /** @param namespaces the Namespaces by name, for listeners that take routes from namespaces chosen by label */
    ListenerMatch(Map<String, Namespace> namespaces) {
        this.namespaces = namespaces;
    }

    boolean matches(Listener listener, ParentReference parent, String gatewayNamespace, String routeKind, String routeNamespace) {
        if (parent.getSectionName() != null && !parent.getSectionName().equals(listener.getName())) {
            return false;
        }
        if (parent.getPort() != null && !parent.getPort().equals(listener.getPort())) {
            return false;
        }
        if (!PROTOCOLS.getOrDefault(routeKind, Set.of()).contains(listener.getProtocol())) {
            return false;
        }
        List<RouteGroupKind> kinds = listener.getAllowedRoutes() == null ? null : listener.getAllowedRoutes().getKinds();
        if (kinds != null && !kinds.isEmpty() && kinds.stream().noneMatch(k -> routeKind.equals(k.getKind())
                && (k.getGroup() == null || GROUP.equals(k.getGroup())))) {
            return false;
        }
        return allows(listener.getAllowedRoutes() == null ? null : listener.getAllowedRoutes().getNamespaces(),
                gatewayNamespace, routeNamespace);
    }

    private boolean allows(RouteNamespaces allowed, String gatewayNamespace, String routeNamespace) {
        String from = allowed == null || allowed.getFrom() == null ? "Same" : allowed.getFrom();
        return switch (from) {
            case "All" -> true;
            case "Same" -> gatewayNamespace.equals(routeNamespace);
            case "Selector" -> selects(allowed.getSelector(), namespaces.get(routeNamespace));
            default -> false;
        };
    }

    private static boolean selects(LabelSelector selector, Namespace namespace) {
        if (selector == null || namespace == null) {
            return false;
        }
        Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels();
        if (selector.getMatchLabels() != null
                && selector.getMatchLabels().entrySet().stream().anyMatch(e -> !e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions() == null
                ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
