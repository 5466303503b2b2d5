package dev.gatehouse.dns.source;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import java.util.List;
import java.util.Map;

/** Gateway API objects as the DNS source sees them, built in a line each. */
public final class GatewayFixtures {

    private GatewayFixtures() {
    }

    /** A Gateway in {@code namespace} with these listeners and status addresses (none: no status yet). */
    public static Gateway gateway(String namespace, String name, Map<String, String> annotations, List<Listener> listeners,
                                  String... addresses) {
        GatewayBuilder builder = new GatewayBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withGatewayClassName("gatehouse").withListeners(listeners).endSpec();
        if (addresses.length > 0) {
            builder.withNewStatus().endStatus();
            for (String address : addresses) {
                builder.editStatus().addNewAddress().withType(address.matches("[0-9.:]+") ? "IPAddress" : "Hostname")
                        .withValue(address).endAddress().endStatus();
            }
        }
        return builder.build();
    }

    /** A listener taking routes from every namespace; {@code hostname} null for any. */
    public static Listener listener(String name, String protocol, int port, String hostname) {
        return new ListenerBuilder().withName(name).withProtocol(protocol).withPort(port).withHostname(hostname)
                .withNewAllowedRoutes().withNewNamespaces().withFrom("All").endNamespaces().endAllowedRoutes().build();
    }

    /** An HTTPRoute with these hostnames whose status says each Gateway ({@code namespace/name}) accepted it. */
    public static HTTPRoute httpRoute(String namespace, String name, Map<String, String> annotations, List<String> hostnames,
                                      String... acceptedBy) {
        HTTPRouteBuilder builder = new HTTPRouteBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withAnnotations(annotations).endMetadata().withNewSpec().withHostnames(hostnames).endSpec()
                .withNewStatus().endStatus();
        for (String gateway : acceptedBy) {
            builder.editStatus().addToParents(parent(gateway, null, "True")).endStatus();
        }
        return builder.build();
    }

    /** Our entry of a route's {@code status.parents} for Gateway {@code namespace/name}, with Accepted of this status. */
    public static RouteParentStatus parent(String gateway, String sectionName, String accepted) {
        String[] ref = gateway.split("/");
        return new RouteParentStatusBuilder().withControllerName("gatehouse.dev/gateway-controller")
                .withNewParentRef().withGroup("gateway.networking.k8s.io").withKind("Gateway").withNamespace(ref[0])
                .withName(ref[1]).withSectionName(sectionName).endParentRef()
                .withConditions(new ConditionBuilder().withType("Accepted").withStatus(accepted)
                        .withReason("True".equals(accepted) ? "Accepted" : "NotAllowedByListeners").build())
                .build();
    }

    /** Only the Gateway API side: no Ingress, no Service. */
    public static GatewaySources sources(List<Gateway> gateways, List<? extends HasMetadata> routes) {
        return new GatewaySources(gateways, routes.stream().map(GatewayRoute::of).toList(), List.of());
    }
}
