package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a listener of protocol TLS: served in mode Passthrough (the default of a TLS listener), routed by TLSRoutes
 * on the server name of the ClientHello without decrypting. Its port maps as every listener's does
 * ({@link GatewaySettings#servedPort}): onto the HTTPS port, where names no TLSRoute claims are terminated as usual,
 * or onto a port of its own, where they are refused; never onto the HTTP port. Mode Terminate is not served.
 */
final class TlsListenerCheck {

    static final String TLS_ROUTE = "TLSRoute";

    private TlsListenerCheck() {
    }

    /** @param conflict why the listener is not distinct from another of its Gateway, or null */
    static ListenerState check(GatewaySettings settings, HasMetadata gateway, Listener listener, String conflict) {
        int port = listener.getPort() == null ? 0 : listener.getPort();
        int served = GatewaySettings.servedPort(port);
        String mode = listener.getTls() == null || listener.getTls().getMode() == null ? "Passthrough" : listener.getTls().getMode();
        String accepted = null;
        String acceptedMessage = "TLS passthrough by server name on port " + served
                + (served == settings.httpsPort() ? ", the HTTPS port (other names are terminated there)" : " of its own");
        if (!mode.equals("Passthrough")) {
            accepted = "UnsupportedValue";
            acceptedMessage = "TLS mode " + mode + " is not served on a TLS listener (expected Passthrough)";
        } else if (port < 1 || port > 65535 || served == settings.httpPort()) {
            accepted = "PortUnavailable";
            acceptedMessage = "TLS port " + port + " would be served on " + served + ", which the proxy cannot serve TLS passthrough "
                    + "on (expected a port other than the HTTP port " + settings.httpPort() + ")";
        } else if (conflict != null) {
            accepted = "Invalid";
            acceptedMessage = "the listener is not distinct from another on port " + port + " (" + conflict + "): neither is served";
        }
        String resolved = null;
        String resolvedMessage = "every reference is resolved";
        List<RouteGroupKind> kinds = new ArrayList<>();
        List<RouteGroupKind> asked = listener.getAllowedRoutes() == null || listener.getAllowedRoutes().getKinds() == null
                ? List.of() : listener.getAllowedRoutes().getKinds();
        if (asked.isEmpty()) {
            kinds.add(new RouteGroupKind(ListenerCheck.GROUP, TLS_ROUTE));
        }
        for (RouteGroupKind kind : asked) {
            String group = kind.getGroup() == null ? ListenerCheck.GROUP : kind.getGroup();
            if (group.equals(ListenerCheck.GROUP) && TLS_ROUTE.equals(kind.getKind())) {
                kinds.add(new RouteGroupKind(ListenerCheck.GROUP, TLS_ROUTE));
            } else {
                resolved = "InvalidRouteKinds";
                resolvedMessage = "route kind " + group + "/" + kind.getKind() + " is not served on a TLS listener (expected TLSRoute)";
            }
        }
        boolean ok = accepted == null && resolved == null;
        List<Condition> conditions = ListenerConditions.of(gateway, accepted, acceptedMessage, resolved, resolvedMessage, conflict,
                "port " + port, "the listener's routes are in the proxy's routing");
        return new ListenerState(gateway, listener.getName(), port,
                listener.getHostname() == null || listener.getHostname().isEmpty() ? null : listener.getHostname(),
                listener.getAllowedRoutes() == null ? null : listener.getAllowedRoutes().getNamespaces(), kinds, null, ok, conditions);
    }

    /** Whether the listener takes TLSRoutes at all. */
    static boolean takesTlsRoutes(ListenerState listener) {
        return listener.served() && listener.supportedKinds().stream().anyMatch(kind -> TLS_ROUTE.equals(kind.getKind()));
    }
}
