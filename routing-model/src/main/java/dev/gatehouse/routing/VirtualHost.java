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

    /** The first route whose path matches, or null. */
    Route find(String path) {
        for (Route route : routes) {
            if (route.path().matches(path)) {
                return route;
            }
        }
        return null;
    }
}
