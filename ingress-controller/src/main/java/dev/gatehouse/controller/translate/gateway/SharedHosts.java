package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RequestMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives the routes of a host pattern to each more specific pattern it covers among the HTTPRoutes' hosts. The router picks
 * one virtual host per request, the most specific, but the specification matches a request against the rules of every
 * HTTPRoute whose hostnames match it: a request for {@code example.com} must also reach the rules of a route for
 * {@code *.com} or for any host (conformance test HTTPRouteMatchingAcrossRoutes). The copies come after every route of
 * their own, so that on the same path and conditions the route naming the more specific host keeps it, as the
 * specification's hostname precedence asks, and they are left out there rather than reported as conflicts. On the hosts
 * of a more specific listener than the route's own, the copy answers 404 instead (HTTPListenerIsolation): the router
 * would otherwise hand a request its host's routes do not match on to the less specific hosts.
 */
final class SharedHosts {

    private SharedHosts() {
    }

    static List<GatewayRoute> spread(List<GatewayRoute> routes) {
        Set<HostPattern> hosts = new TreeSet<>();
        Set<Map.Entry<HostPattern, Map.Entry<PathMatch, RequestMatch>>> claimed = new HashSet<>();
        for (GatewayRoute route : routes) {
            hosts.add(route.host());
            // a more specific listener without routes of its own still takes its hosts' requests (to answer 404)
            hosts.addAll(route.isolatedTo());
            claimed.add(Map.entry(route.host(), Map.entry(route.route().path(), route.route().match())));
        }
        List<GatewayRoute> spread = new ArrayList<>(routes);
        for (GatewayRoute route : routes) {
            if (route.host().kind() == HostPattern.Kind.EXACT) {
                // an exact host covers no other: most routes name one, and the loop below would cost hosts × routes
                continue;
            }
            for (HostPattern host : hosts) {
                if (covers(route.host(), host)
                        && claimed.add(Map.entry(host, Map.entry(route.route().path(), route.route().match())))) {
                    spread.add(new GatewayRoute(route.owner(), host, ListenerIsolation.within(route.isolatedTo(), host)
                            ? ListenerIsolation.refusing(route.route()) : route.route()));
                }
            }
        }
        return spread;
    }

    /** Whether {@code wider} matches every host {@code narrower} does, and is not the same pattern. */
    static boolean covers(HostPattern wider, HostPattern narrower) {
        return switch (wider.kind()) {
            case ANY -> narrower.kind() != HostPattern.Kind.ANY;
            case WILDCARD -> narrower.kind() == HostPattern.Kind.EXACT && narrower.value().endsWith(wider.value().substring(1))
                    && narrower.value().indexOf('.') == narrower.value().length() - wider.value().length() + 1;
            case EXACT -> false;
        };
    }
}
