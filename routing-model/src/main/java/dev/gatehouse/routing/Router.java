package dev.gatehouse.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled lookup of a {@link RoutingSnapshot}, built once with it.
 *
 * <p>A request tries, in order: the virtual host of its exact name, the wildcard host covering its first
 * label, the any-host rules, and last the snapshot's fallback. Each step is one hash lookup and a scan of
 * that host's routes, which are already in precedence order; a host whose routes do not match the path
 * hands the request to the next, less specific step, so host-specific rules always come before host-less
 * ones and the default backend catches only what nothing else takes.
 */
public final class Router {

    private final Map<String, VirtualHost> exact;
    private final Map<String, VirtualHost> wildcardByDomain;
    private final VirtualHost anyHost;
    private final Route fallback;

    Router(List<VirtualHost> virtualHosts, Route fallback) {
        Map<String, VirtualHost> exactHosts = new HashMap<>();
        Map<String, VirtualHost> wildcards = new HashMap<>();
        VirtualHost any = null;
        for (VirtualHost virtualHost : virtualHosts) {
            HostPattern pattern = virtualHost.host();
            switch (pattern.kind()) {
                case EXACT -> exactHosts.put(pattern.value(), virtualHost);
                case WILDCARD -> wildcards.put(pattern.wildcardDomain(), virtualHost);
                case ANY -> any = virtualHost;
            }
        }
        this.exact = exactHosts;
        this.wildcardByDomain = wildcards;
        this.anyHost = any;
        this.fallback = fallback;
    }

    /**
     * The route for a request.
     *
     * @param authority the Host header (or the authority of an absolute request target), may carry a port
     * @param target    the request target as sent, in origin form ({@code /path?query})
     * @return the matching route, or the snapshot's fallback; never null
     */
    public Route find(CharSequence authority, String target) {
        return find(authority, target, null);
    }

    /**
     * The route for a request, whose method, headers and query parameters the routes' request matches may look at.
     *
     * @param request the method and headers; null when unknown, and then routes that require more than a path are skipped
     */
    public Route find(CharSequence authority, String target, RequestView request) {
        return find(RequestTarget.host(authority), RequestTarget.path(target), request, target, true);
    }

    /**
     * The path of a request target as routes match it: cut at {@code ?}, percent-encoded unreserved characters decoded,
     * dot segments removed and repeated slashes merged (what a regex rewrite works on, as nginx rewrites its {@code $uri}).
     */
    public static String matchedPath(String target) {
        return RequestTarget.path(target);
    }

    /** The route for a request whose host and path are already normalized, without a request match. */
    Route find(String host, String path, boolean useFallback) {
        return find(host, path, null, path, useFallback);
    }

    private Route find(String host, String path, RequestView request, String target, boolean useFallback) {
        Route route = null;
        if (!host.isEmpty()) {
            VirtualHost byName = exact.get(host);
            if (byName != null) {
                route = byName.find(path, request, target);
            }
            if (route == null && !wildcardByDomain.isEmpty()) {
                int dot = host.indexOf('.');
                if (dot > 0) {
                    VirtualHost byWildcard = wildcardByDomain.get(host.substring(dot + 1));
                    if (byWildcard != null) {
                        route = byWildcard.find(path, request, target);
                    }
                }
            }
        }
        if (route == null && anyHost != null) {
            route = anyHost.find(path, request, target);
        }
        return route != null || !useFallback ? route : fallback;
    }
}
