package dev.gatehouse.controller.dns;

import dev.gatehouse.controller.translate.gateway.GatewayStatuses;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.view.GatewayObjects;
import dev.gatehouse.dns.source.GatewayRoute;
import dev.gatehouse.dns.source.GatewaySources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.ArrayList;
import java.util.List;

/**
 * The Gateway API side of the DNS sync's sources: our Gateways, and each route with the parents' status this
 * translation computed for it rather than the one on the object, which the status writer sends later (its writes start
 * no rebuild) and which standalone nobody writes; so DNS follows exactly what the routing serves.
 */
public final class DnsGatewaySources {

    private DnsGatewaySources() {
    }

    public static GatewaySources of(GatewayObjects objects, GatewayStatuses statuses) {
        List<Gateway> ours = objects.gateways().stream().filter(g -> statuses.gateways().containsKey(ObjectRef.of(g))).toList();
        if (ours.isEmpty()) {
            return GatewaySources.NONE;
        }
        List<HasMetadata> routes = new ArrayList<>(objects.httpRoutes());
        routes.addAll(objects.grpcRoutes());
        routes.addAll(objects.tlsRoutes());
        List<GatewayRoute> read = routes.stream()
                .map(r -> GatewayRoute.withParents(r, statuses.routes().getOrDefault(ObjectRef.of(r), List.of())))
                .toList();
        return new GatewaySources(ours, read, objects.namespaces());
    }
}
