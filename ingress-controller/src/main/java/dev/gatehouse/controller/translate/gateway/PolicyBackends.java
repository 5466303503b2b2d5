package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.SessionAffinity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The translator's backends with the BackendTLSPolicies applied: a cluster whose Service port a policy targets is
 * spoken to with the policy's TLS, or refused when the policy cannot be applied (the rule then answers 500, as the
 * specification asks of a backend whose policy has no usable CA, rather than reaching it unverified). The Gateways of
 * the route being translated ({@link #through}) become the policy's ancestors.
 */
final class PolicyBackends implements ServiceBackends {

    private final ServiceBackends backends;
    private final BackendTlsPolicies policies;
    private final Set<ClusterName> refused = new HashSet<>();
    private List<ParentReference> gateways = List.of();

    PolicyBackends(ServiceBackends backends, BackendTlsPolicies policies) {
        this.backends = backends;
        this.policies = policies;
    }

    /** The Gateways (namespace and name) the route whose backends are resolved next is attached to. */
    void through(List<ParentReference> attachedTo) {
        gateways = attachedTo;
    }

    @Override
    public ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend) {
        ClusterName cluster = backends.resolve(owner, field, namespace, backend);
        if (cluster == null) {
            return null;
        }
        String portName = portName(backends.service(namespace, backend.getName()),
                backend.getPort() == null ? null : backend.getPort().getNumber());
        BackendTlsPolicies.Policy policy = null;
        for (ParentReference gateway : gateways) {
            policy = policies.use(namespace, backend.getName(), portName, gateway);
        }
        if (policy != null) {
            if (BackendTlsPolicies.tls(policy) == null) {
                refused.add(cluster);
            } else {
                backends.secure(cluster, BackendTlsPolicies.tls(policy));
            }
        }
        return cluster;
    }

    @Override
    public String mirrorAuthority(ClusterName cluster) {
        return backends.mirrorAuthority(cluster);
    }

    @Override
    public void persist(ObjectRef owner, ClusterName cluster, SessionAffinity affinity) {
        backends.persist(owner, cluster, affinity);
    }

    @Override
    public boolean refused(ClusterName cluster) {
        return refused.contains(cluster);
    }

    private static String portName(Service service, Integer number) {
        if (service == null || service.getSpec() == null || service.getSpec().getPorts() == null || number == null) {
            return null;
        }
        return service.getSpec().getPorts().stream().filter(port -> number.equals(port.getPort())).map(ServicePort::getName)
                .filter(name -> name != null && !name.isEmpty()).findFirst().orElse(null);
    }
}
