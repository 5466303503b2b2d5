package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ClusterName;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.List;

/**
 * The backendRefs of a rule as clusters: Services of the route's namespace, or of another that a ReferenceGrant opens
 * ({@link ReferenceGrants}), with their port. A reference that cannot be
 * used is left out and reported (the first one, as a ResolvedRefs reason and message); one of weight 0 is left out
 * silently, as it takes no requests, and so is one whose BackendTLSPolicy cannot be applied (the policy's status says why).
 */
final class BackendRefs {

    /** A backend that takes requests: its cluster, weight and own filters. */
    record Backend(String field, ClusterName cluster, int weight, List<HTTPRouteFilter> filters) {
    }

    /**
     * @param backends   the backends that take requests, in the rule's order
     * @param unresolved the first reference that could not be used, as a ResolvedRefs reason and message, or null
     */
    record Resolved(List<Backend> backends, String[] unresolved) {
    }

    private final ServiceBackends services;
    private final ReferenceGrants grants;

    BackendRefs(ServiceBackends services, ReferenceGrants grants) {
        this.services = services;
        this.grants = grants;
    }

    Resolved resolve(ObjectRef owner, String namespace, String field, List<HTTPBackendRef> refs) {
        List<Backend> backends = new ArrayList<>();
        String[] unresolved = null;
        for (int k = 0; k < refs.size(); k++) {
            HTTPBackendRef ref = refs.get(k);
            String refField = field + ".backendRefs[" + k + "]";
            String[] problem = null;
            ClusterName cluster = null;
            if (!(ref.getGroup() == null || ref.getGroup().isEmpty()) || !(ref.getKind() == null || ref.getKind().equals("Service"))) {
                problem = new String[] {"InvalidKind", refField + ": " + ref.getGroup() + "/" + ref.getKind() + " is not a Service"};
            } else if (!grants.permits(owner.kind(), namespace, "", "Service", serviceNamespace(ref, namespace), ref.getName())) {
                problem = new String[] {"RefNotPermitted", refField + ": Service " + ref.getNamespace() + "/" + ref.getName()
                        + " is in another namespace, and no ReferenceGrant there allows " + owner.kind() + "s of " + namespace + " to use it"};
            } else if (ref.getPort() == null) {
                problem = new String[] {"BackendNotFound", refField + ": a Service backend needs its port"};
            } else {
                cluster = services.resolve(owner, refField, serviceNamespace(ref, namespace),
                        new IngressServiceBackend(ref.getName(), new ServiceBackendPort(null, ref.getPort())));
                if (cluster == null) {
                    problem = new String[] {"BackendNotFound", refField + ": Service " + serviceNamespace(ref, namespace) + "/"
                            + ref.getName() + " port " + ref.getPort() + " is not found"};
                }
            }
            if (problem != null) {
                unresolved = unresolved == null ? problem : unresolved;
                continue;
            }
            int weight = ref.getWeight() == null ? 1 : ref.getWeight();
            if (weight > 0 && !services.refused(cluster)) {
                backends.add(new Backend(refField, cluster, weight, ref.getFilters() == null ? List.of() : ref.getFilters()));
            }
        }
        return new Resolved(backends, unresolved);
    }

    private static String serviceNamespace(HTTPBackendRef ref, String routeNamespace) {
        return ref.getNamespace() == null || ref.getNamespace().isEmpty() ? routeNamespace : ref.getNamespace();
    }
}
