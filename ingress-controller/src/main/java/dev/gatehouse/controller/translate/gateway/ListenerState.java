package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteNamespaces;
import java.util.List;

/**
 * One listener of one of our Gateways, checked.
 *
 * @param gateway        the Gateway it belongs to, or the ListenerSet that adds it to one
 * @param name           its section name
 * @param port           the port it names (not the proxy port it is served on)
 * @param hostname       its hostname, or null for any
 * @param namespaces     which namespaces' routes it takes ({@code allowedRoutes.namespaces}), or null for the same
 * @param supportedKinds the route kinds it takes, among those we serve
 * @param certificate    {@code namespace/name} of the Secret HTTPS is served with, or null
 * @param served         whether its routes are served: accepted, with its references resolved
 * @param conditions     Accepted, ResolvedRefs, Programmed and Conflicted, in that order
 */
record ListenerState(HasMetadata gateway, String name, int port, String hostname, RouteNamespaces namespaces,
                     List<RouteGroupKind> supportedKinds, String certificate, boolean served, List<Condition> conditions) {

    /** Whether it takes routes of {@code kind} (HTTPRoute, GRPCRoute) at all. */
    boolean takes(String kind) {
        return served && supportedKinds.stream().anyMatch(supported -> kind.equals(supported.getKind()));
    }
}
