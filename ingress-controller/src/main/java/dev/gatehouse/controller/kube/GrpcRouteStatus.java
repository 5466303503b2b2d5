package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Our entries of a GRPCRoute's {@code status.parents}, written as an HTTPRoute's are ({@link GatewayStatusWriter}). */
final class GrpcRouteStatus {

    private GrpcRouteStatus() {
    }

    /** The write that gives the fresh route our parents, or null when it has them already, is gone, or is newer than they are. */
    static Runnable plan(KubernetesClient client, ObjectRef ref, String controllerName, List<RouteParentStatus> ours, String now) {
        GRPCRoute fresh = client.resources(GRPCRoute.class).inNamespace(ref.namespace()).withName(ref.name()).get();
        if (fresh == null || ours.stream().anyMatch(parent -> RouteParents.behind(parent.getConditions(), fresh))) {
            return null;
        }
        List<RouteParentStatus> old = fresh.getStatus() == null || fresh.getStatus().getParents() == null
                ? List.of() : fresh.getStatus().getParents();
        List<RouteParentStatus> parents = RouteParents.merged(old, controllerName, ours, now);
        if (parents.equals(old)) {
            return null;
        }
        return () -> client.resources(GRPCRoute.class).inNamespace(ref.namespace())
                .resource(new GRPCRouteBuilder(fresh).withStatus(new GRPCRouteStatus(parents)).build()).updateStatus();
    }
}
