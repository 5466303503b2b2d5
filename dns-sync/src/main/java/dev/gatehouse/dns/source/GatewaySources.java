package dev.gatehouse.dns.source;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.List;

/**
 * The Gateway API objects whose hostnames are published.
 *
 * @param gateways   the Gateways this instance serves (already filtered by class)
 * @param routes     every route in view; only those a Gateway above accepted are published
 * @param namespaces the Namespaces, for listeners that take routes from namespaces chosen by label
 */
public record GatewaySources(List<Gateway> gateways, List<GatewayRoute> routes, List<Namespace> namespaces) {

    public static final GatewaySources NONE = new GatewaySources(List.of(), List.of(), List.of());

    public GatewaySources {
        gateways = List.copyOf(gateways);
        routes = List.copyOf(routes);
        namespaces = List.copyOf(namespaces);
    }
}
