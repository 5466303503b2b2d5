package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteNamespaces;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which listeners of one of our Gateways a route's parentRef attaches it to, and on which hostnames: those the
 * parentRef's sectionName and port select, that take HTTPRoutes from the route's namespace, and whose hostname
 * intersects the route's.
 */
final class Attachment {

    /**
     * @param listeners the listeners attached to, with the hostnames served on each (a null element for any host)
     * @param reason    the Accepted reason: Accepted, or why not (NoMatchingParent, NotAllowedByListeners,
     *                  NoMatchingListenerHostname)
     * @param message   what the reason means for this route
     */
    record Outcome(Map<ListenerState, List<String>> listeners, String reason, String message) {
    }

    private final Map<String, Namespace> namespaces;

    /** @param namespaces the view's Namespaces by name, for listeners that select namespaces by label */
    Attachment(Map<String, Namespace> namespaces) {
        this.namespaces = namespaces;
    }

    Outcome attach(HTTPRoute route, ParentReference parent, List<ListenerState> listeners) {
        String namespace = route.getMetadata().getNamespace();
        List<ListenerState> selected = listeners.stream()
                .filter(l -> parent.getSectionName() == null || parent.getSectionName().equals(l.name()))
                .filter(l -> parent.getPort() == null || parent.getPort() == l.port())
                .toList();
        if (selected.isEmpty()) {
            return new Outcome(Map.of(), "NoMatchingParent", "the Gateway has no listener"
                    + (parent.getSectionName() == null ? "" : " named " + parent.getSectionName())
                    + (parent.getPort() == null ? "" : " on port " + parent.getPort()));
        }
        List<ListenerState> allowed = selected.stream().filter(ListenerState::takesHttpRoutes)
                .filter(l -> allows(l.namespaces(), l.gateway().getMetadata().getNamespace(), namespace)).toList();
        if (allowed.isEmpty()) {
            return new Outcome(Map.of(), "NotAllowedByListeners", "no served listener of the Gateway takes HTTPRoutes from namespace "
                    + namespace);
        }
        List<String> hostnames = route.getSpec() == null || route.getSpec().getHostnames() == null ? List.of() : route.getSpec().getHostnames();
        Map<ListenerState, List<String>> attached = new LinkedHashMap<>();
        for (ListenerState listener : allowed) {
            List<String> served = Hostnames.intersect(listener.hostname(), hostnames);
            if (!served.isEmpty()) {
                attached.put(listener, served);
            }
        }
        if (attached.isEmpty()) {
            return new Outcome(Map.of(), "NoMatchingListenerHostname", "no hostname of the route " + hostnames
                    + " intersects a listener's hostname");
        }
        return new Outcome(attached, "Accepted", "the route is attached to listener(s) "
                + attached.keySet().stream().map(ListenerState::name).toList());
    }

    boolean allows(RouteNamespaces allowed, String gatewayNamespace, String routeNamespace) {
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
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of()
                : selector.getMatchExpressions()) {
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
