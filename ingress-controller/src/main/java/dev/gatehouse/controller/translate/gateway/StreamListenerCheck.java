package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a TCP or UDP listener of one of our Gateways: served on its own port (port + 8000 below 1024, as every listener),
 * which a TCP listener may not share with the proxy's HTTP or HTTPS port; it takes TCPRoutes (TCP) or UDPRoutes (UDP).
 * A hostname means nothing to either protocol and is not read, as the specification allows.
 */
final class StreamListenerCheck {

    static final Set<String> PROTOCOLS = Set.of("TCP", "UDP");

    private StreamListenerCheck() {
    }

    /** The route kind a listener of {@code protocol} (TCP or UDP) takes. */
    static String routeKind(String protocol) {
        return protocol.equals("TCP") ? StreamRoutes.TCP_ROUTE : StreamRoutes.UDP_ROUTE;
    }

    /** @param conflict why the listener is not distinct from another of its Gateway ({@link ListenerConflicts}), or null */
    static ListenerState check(GatewaySettings settings, HasMetadata gateway, Listener listener, String conflict) {
        String protocol = listener.getProtocol();
        int port = listener.getPort() == null ? 0 : listener.getPort();
        int served = GatewaySettings.servedPort(port);
        String accepted = null;
        String acceptedMessage = "the listener is served on " + protocol + " port " + served;
        if (protocol.equals("TCP") && (served == settings.httpPort() || served == settings.httpsPort())) {
            accepted = "PortUnavailable";
            acceptedMessage = "TCP port " + port + " would be served on " + served + ", which is the proxy's "
                    + (served == settings.httpPort() ? "HTTP" : "HTTPS") + " port (expected another port)";
        } else if (conflict != null) {
            accepted = "Invalid";
            acceptedMessage = "the listener is not distinct from another on " + protocol + " port " + port + " (" + conflict
                    + "): neither is served";
        }

        String kind = routeKind(protocol);
        String resolved = null;
        String resolvedMessage = "every reference is resolved";
        List<RouteGroupKind> kinds = new ArrayList<>();
        List<RouteGroupKind> asked = listener.getAllowedRoutes() == null || listener.getAllowedRoutes().getKinds() == null
                ? List.of() : listener.getAllowedRoutes().getKinds();
        if (asked.isEmpty()) {
            kinds.add(new RouteGroupKind(ListenerCheck.GROUP, kind));
        }
        for (RouteGroupKind routeKind : asked) {
            String group = routeKind.getGroup() == null ? ListenerCheck.GROUP : routeKind.getGroup();
            if (group.equals(ListenerCheck.GROUP) && kind.equals(routeKind.getKind())) {
                kinds.add(new RouteGroupKind(ListenerCheck.GROUP, kind));
            } else {
                resolved = "InvalidRouteKinds";
                resolvedMessage = "route kind " + group + "/" + routeKind.getKind() + " is not served on a " + protocol
                        + " listener (expected " + kind + ")";
            }
        }
        boolean programmed = accepted == null && resolved == null;
        List<Condition> conditions = ListenerConditions.of(gateway, accepted, acceptedMessage, resolved, resolvedMessage, conflict,
                protocol + " port " + port, "the listener's port is in the proxy's routing");
        return new ListenerState(gateway, listener.getName(), port, null,
                listener.getAllowedRoutes() == null ? null : listener.getAllowedRoutes().getNamespaces(), kinds, null, programmed,
                conditions);
    }
}
