package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTPRoute and a GRPCRoute on the same listener with hostnames in common: the specification (GRPCRoute's
 * {@code hostnames}) accepts exactly one of them, the oldest, then the first by namespace and name. Routes come in
 * that order, so a route is refused on a listener where a route of the other kind was accepted on a common hostname.
 */
final class RouteKindConflicts {

    /** A route accepted on a listener: its kind, name and hostnames there (a null element for any host). */
    private record Held(String kind, String route, List<String> names) {
    }

    private final Map<ListenerState, List<Held>> held = new HashMap<>();

    /** The outcome without the listeners where a route of the other kind holds a common hostname. */
    Attachment.Outcome check(HTTPRoute route, Attachment.Outcome outcome) {
        if (!outcome.reason().equals("Accepted")) {
            return outcome;
        }
        Map<ListenerState, List<String>> kept = new LinkedHashMap<>();
        String holder = null;
        for (Map.Entry<ListenerState, List<String>> entry : outcome.listeners().entrySet()) {
            Held other = held.getOrDefault(entry.getKey(), List.of()).stream()
                    .filter(h -> !h.kind().equals(route.getKind()) && intersect(h.names(), entry.getValue())).findFirst().orElse(null);
            if (other == null) {
                kept.put(entry.getKey(), entry.getValue());
            } else if (holder == null) {
                holder = other.kind() + " " + other.route();
            }
        }
        if (holder == null) {
            return outcome;
        }
        if (kept.isEmpty()) {
            return new Attachment.Outcome(Map.of(), "HostnameConflict", holder + ", which is older, already serves a hostname of this "
                    + route.getKind() + " on its listener(s) (expected an HTTPRoute and a GRPCRoute of one listener to share no hostname)");
        }
        return new Attachment.Outcome(kept, outcome.reason(), outcome.message() + "; not on listeners where the older " + holder
                + " serves a common hostname");
    }

    /** Notes the listeners and hostnames an accepted route holds. */
    void accepted(HTTPRoute route, Attachment.Outcome outcome) {
        String name = route.getMetadata().getNamespace() + "/" + route.getMetadata().getName();
        outcome.listeners().forEach((listener, names) -> held.computeIfAbsent(listener, l -> new ArrayList<>())
                .add(new Held(route.getKind(), name, names)));
    }

    private static boolean intersect(List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (x == null || y == null || !Hostnames.intersect(x, List.of(y)).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
