package dev.gatehouse.dns.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import java.util.List;

/**
 * One Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute or UDPRoute, v1) as the DNS source reads it: its
 * object (for its name and annotations), the hostnames of its spec (none for TCP and UDP routes) and the entries of its
 * {@code status.parents}, which say which Gateways accepted it.
 *
 * @param route     the route object
 * @param hostnames {@code spec.hostnames}
 * @param parents   the parents' status: the route's own, or the one its controller has just computed
 */
public record GatewayRoute(HasMetadata route, List<String> hostnames, List<RouteParentStatus> parents) {

    public GatewayRoute {
        hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    /** The route with the parents' status it carries, as external-dns reads it. */
    public static GatewayRoute of(HasMetadata route) {
        return withParents(route, statusParents(route));
    }

    /**
     * The route with the parents' status its controller computed for the view it is in: fresher than the one written
     * to the route (which a cluster's status writer sends later, and which standalone nobody writes).
     */
    public static GatewayRoute withParents(HasMetadata route, List<RouteParentStatus> parents) {
        return new GatewayRoute(route, hostnames(route), parents);
    }

    /** The kind as the ownership records name it: {@code httproute}, {@code grpcroute}, ... */
    String kind() {
        return route.getKind().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> hostnames(HasMetadata route) {
        if (route instanceof HTTPRoute http && http.getSpec() != null) {
            return http.getSpec().getHostnames();
        }
        if (route instanceof GRPCRoute grpc && grpc.getSpec() != null) {
            return grpc.getSpec().getHostnames();
        }
        if (route instanceof TLSRoute tls && tls.getSpec() != null) {
            return tls.getSpec().getHostnames();
        }
        return List.of();
    }

    private static List<RouteParentStatus> statusParents(HasMetadata route) {
        if (route instanceof HTTPRoute http && http.getStatus() != null) {
            return http.getStatus().getParents();
        }
        if (route instanceof GRPCRoute grpc && grpc.getStatus() != null) {
            return grpc.getStatus().getParents();
        }
        if (route instanceof TLSRoute tls && tls.getStatus() != null) {
            return tls.getStatus().getParents();
        }
        if (route instanceof TCPRoute tcp && tcp.getStatus() != null) {
            return tcp.getStatus().getParents();
        }
        if (route instanceof UDPRoute udp && udp.getStatus() != null) {
            return udp.getStatus().getParents();
        }
        return List.of();
    }
}
