package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTPListenerIsolation: a request goes to the most specific listener of a Gateway port whose hostname matches it, so
 * a route attached only to a less specific listener never answers it. The router tries the most specific virtual host
 * first but hands a request its routes do not match on to the wildcard and any-host ones; so {@link SharedHosts} gives
 * the hosts of a more specific listener, in place of the route's rules, copies that answer 404 ({@link #refusing}). For
 * each host pattern a route serves, those hosts are the hostnames of the other served listeners on its listener's port
 * that its listener's hostname covers (every one, for a listener without hostname).
 */
final class ListenerIsolation {

    private ListenerIsolation() {
    }

    /**
     * @param attached  the listeners the route is attached to, with the names it serves on each (null for any)
     * @param listeners every Gateway's listeners, by {@code namespace/name} of the Gateway
     * @return the hosts the route's rules on {@code pattern} must not be shared with, for each pattern that has some
     */
    static Map<HostPattern, List<HostPattern>> shadowed(Map<ListenerState, List<String>> attached, Map<String, List<ListenerState>> listeners) {
        Map<HostPattern, List<HostPattern>> shadowed = new HashMap<>();
        Set<HostPattern> open = new LinkedHashSet<>();
        attached.forEach((listener, names) -> {
            List<HostPattern> more = moreSpecific(listener, listeners.getOrDefault(listener.gateway().getMetadata().getNamespace() + "/"
                    + listener.gateway().getMetadata().getName(), List.of()));
            for (String name : names) {
                HostPattern pattern = name == null ? HostPattern.any() : HostPattern.of(name);
                if (more.isEmpty()) {
                    open.add(pattern);
                } else {
                    // served through several listeners: only what every one of them leaves to others stays out
                    shadowed.merge(pattern, more, (a, b) -> a.stream().filter(b::contains).toList());
                }
            }
        });
        open.forEach(shadowed::remove);
        shadowed.values().removeIf(List::isEmpty);
        return shadowed;
    }

    /** Whether {@code host} is one of {@code shadows} or within one of its wildcards (any number of labels, as listeners match). */
    static boolean within(List<HostPattern> shadows, HostPattern host) {
        for (HostPattern shadow : shadows) {
            if (shadow.equals(host) || shadow.kind() == HostPattern.Kind.WILDCARD && host.kind() != HostPattern.Kind.ANY
                    && host.value().endsWith(shadow.value().substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** {@code route}'s match answering 404, as a request no route of its listener matches is answered. */
    static Route refusing(Route route) {
        return new Route(route.name() + " (isolated)", route.path(), new RouteAction.DirectResponse(404, ""), route.priority(), route.match());
    }

    private static List<HostPattern> moreSpecific(ListenerState listener, List<ListenerState> siblings) {
        List<HostPattern> more = new ArrayList<>();
        String own = listener.hostname() == null ? null : listener.hostname().toLowerCase(Locale.ROOT);
        for (ListenerState sibling : siblings) {
            if (sibling == listener || !sibling.served() || sibling.port() != listener.port() || sibling.hostname() == null) {
                continue;
            }
            String name = sibling.hostname().toLowerCase(Locale.ROOT);
            if (own == null || !name.equals(own) && own.startsWith("*.") && name.endsWith(own.substring(1))) {
                more.add(HostPattern.of(name));
            }
        }
        return more;
    }
}
