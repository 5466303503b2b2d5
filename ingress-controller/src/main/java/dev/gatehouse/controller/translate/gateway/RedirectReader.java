package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RedirectTarget;
import dev.gatehouse.routing.RouteAction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestRedirectFilter;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A RequestRedirect filter as the model's redirect to a {@link RedirectTarget}. The port follows the specification: the
 * one given; else, with a scheme given, that scheme's default (left out of the Location); else the port of the listener
 * the route is attached to, which the proxy cannot tell from the request (listeners on 80 and 8080 share its HTTP port),
 * so it is fixed here. Listeners all on their protocol's default port (80, 443) leave it out.
 */
final class RedirectReader {

    private static final int DEFAULT_STATUS = 302;
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);
    /** No one port for a redirect without scheme or port: the route's listeners have several. */
    static final int SEVERAL_PORTS = -1;

    private RedirectReader() {
    }

    /**
     * The port a redirect without scheme or port goes to for a route attached to {@code listeners}: 0 (none) when each
     * is on its protocol's default port, else their one port, else {@link #SEVERAL_PORTS}.
     */
    static int listenerPort(Collection<ListenerState> listeners) {
        boolean defaults = listeners.stream().allMatch(listener -> listener.port() == (listener.certificate() != null ? 443 : 80));
        if (defaults) {
            return 0;
        }
        Set<Integer> ports = listeners.stream().map(ListenerState::port).collect(Collectors.toSet());
        return ports.size() == 1 ? ports.iterator().next() : SEVERAL_PORTS;
    }

    /**
     * @param path         the match the request came through
     * @param listenerPort as {@link #listenerPort} gives it
     * @throws IllegalArgumentException when it cannot be served, saying why
     */
    static RouteAction.Redirect read(String field, HTTPRequestRedirectFilter redirect, PathMatch path, int listenerPort) {
        int status = redirect.getStatusCode() == null ? DEFAULT_STATUS : redirect.getStatusCode();
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException(field + ": status " + status + " (expected 301, 302, 303, 307 or 308)");
        }
        String scheme = redirect.getScheme() == null ? null : redirect.getScheme().toLowerCase(Locale.ROOT);
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(field + ": scheme " + redirect.getScheme() + " (expected http or https)");
        }
        String host = redirect.getHostname() == null ? null : redirect.getHostname().toLowerCase(Locale.ROOT);
        if (host != null && !host.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException(field + ": hostname \"" + redirect.getHostname() + "\" is not a host name");
        }
        int port;
        if (redirect.getPort() != null) {
            port = redirect.getPort();
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(field + ": port " + port + " (expected 1-65535)");
            }
        } else if (scheme != null) {
            port = 0;
        } else if (listenerPort == SEVERAL_PORTS) {
            throw new IllegalArgumentException(field + ": a redirect without scheme or port goes to the listener's port, and the "
                    + "route's listeners have several (expected a scheme or a port)");
        } else {
            port = listenerPort;
        }
        return RouteAction.Redirect.to(status, new RedirectTarget(scheme, host, port,
                redirect.getPath() == null ? null : PathModifiers.of(field + ".path", redirect.getPath(), path)));
    }
}
