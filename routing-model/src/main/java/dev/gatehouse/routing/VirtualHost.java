package dev.gatehouse.routing;

import java.util.List;

/**
 * A host pattern and its routes. The routes are put in precedence order here, so every producer of a
 * snapshot gets the same order and the proxy takes the first route that matches.
 *
 * @param host   the host pattern
 * @param routes the routes, sorted by {@link Route#byPrecedence}
 */
public record VirtualHost(HostPattern host, List<Route> routes) {

    public VirtualHost {
        if (host == null) {
            throw new IllegalArgumentException("a virtual host needs a host pattern");
        }
        routes = routes.stream().sorted(Route::byPrecedence).toList();
    }

    /**
     * The first route whose path and request match accept the request, or null.
     *
     * @param request the method and headers, or null when unknown (then only routes that require nothing match)
     * @param target  the request target as sent (its query is matched)
     */
    Route find(String path, RequestView request, String target) {
        for (Route route : routes) {
            if (route.path().matches(path) && route.match().matches(request, target)) {
                return route;
            }
        }
        return null;
    }
}
