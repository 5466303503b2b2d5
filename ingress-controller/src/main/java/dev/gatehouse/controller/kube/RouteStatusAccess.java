package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * How the status writer reads a route of one kind afresh and writes its {@code status.parents}: the route kinds share
 * the field, not a type.
 */
sealed interface RouteStatusAccess {

    /** The route on the server, or null when it is gone. */
    HasMetadata read();

    /** Its {@code status.parents}, empty when it has none. */
    List<RouteParentStatus> parents();

    /** Writes {@code parents} as its {@code status.parents}, over the version read. */
    void write(List<RouteParentStatus> parents);

    /** The access to the route {@code ref} names, or null for a kind that is not a route. */
    static RouteStatusAccess of(KubernetesClient client, ObjectRef ref) {
        return switch (ref.kind()) {
            case "HTTPRoute" -> new Http(client, ref, client.resources(HTTPRoute.class).inNamespace(ref.namespace()).withName(ref.name()).get());
            case "GRPCRoute" -> new Grpc(client, ref, client.resources(GRPCRoute.class).inNamespace(ref.namespace()).withName(ref.name()).get());
            case "TLSRoute" -> new Tls(client, ref, client.resources(TLSRoute.class).inNamespace(ref.namespace()).withName(ref.name()).get());
            case "TCPRoute" -> new Tcp(client, ref, client.resources(TCPRoute.class).inNamespace(ref.namespace()).withName(ref.name()).get());
            case "UDPRoute" -> new Udp(client, ref, client.resources(UDPRoute.class).inNamespace(ref.namespace()).withName(ref.name()).get());
            default -> null;
        };
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    record Http(KubernetesClient client, ObjectRef ref, HTTPRoute read) implements RouteStatusAccess {
        @Override
        public List<RouteParentStatus> parents() {
            return read.getStatus() == null ? List.of() : orEmpty(read.getStatus().getParents());
        }

        @Override
        public void write(List<RouteParentStatus> parents) {
            client.resources(HTTPRoute.class).inNamespace(ref.namespace())
                    .resource(new HTTPRouteBuilder(read).withStatus(new HTTPRouteStatus(parents)).build()).updateStatus();
        }
    }

    record Tcp(KubernetesClient client, ObjectRef ref, TCPRoute read) implements RouteStatusAccess {
        @Override
        public List<RouteParentStatus> parents() {
            return read.getStatus() == null ? List.of() : orEmpty(read.getStatus().getParents());
        }

        @Override
        public void write(List<RouteParentStatus> parents) {
            client.resources(TCPRoute.class).inNamespace(ref.namespace())
                    .resource(new TCPRouteBuilder(read).withStatus(new TCPRouteStatus(parents)).build()).updateStatus();
        }
    }

    record Udp(KubernetesClient client, ObjectRef ref, UDPRoute read) implements RouteStatusAccess {
        @Override
        public List<RouteParentStatus> parents() {
            return read.getStatus() == null ? List.of() : orEmpty(read.getStatus().getParents());
        }

        @Override
        public void write(List<RouteParentStatus> parents) {
            client.resources(UDPRoute.class).inNamespace(ref.namespace())
                    .resource(new UDPRouteBuilder(read).withStatus(new UDPRouteStatus(parents)).build()).updateStatus();
        }
    }

    record Grpc(KubernetesClient client, ObjectRef ref, GRPCRoute read) implements RouteStatusAccess {
        @Override
        public List<RouteParentStatus> parents() {
            return read.getStatus() == null ? List.of() : orEmpty(read.getStatus().getParents());
        }

        @Override
        public void write(List<RouteParentStatus> parents) {
            client.resources(GRPCRoute.class).inNamespace(ref.namespace())
                    .resource(new GRPCRouteBuilder(read).withStatus(new GRPCRouteStatus(parents)).build()).updateStatus();
        }
    }

    record Tls(KubernetesClient client, ObjectRef ref, TLSRoute read) implements RouteStatusAccess {
        @Override
        public List<RouteParentStatus> parents() {
            return read.getStatus() == null ? List.of() : orEmpty(read.getStatus().getParents());
        }

        @Override
        public void write(List<RouteParentStatus> parents) {
            client.resources(TLSRoute.class).inNamespace(ref.namespace())
                    .resource(new TLSRouteBuilder(read).withStatus(new TLSRouteStatus(parents)).build()).updateStatus();
        }
    }
}
