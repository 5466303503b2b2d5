package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicyBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyAncestorStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Our entries of a BackendTLSPolicy's {@code status.ancestors}, as a route's parents are written: other controllers'
 * entries are kept, a condition keeps its time while its status stays, and nothing is written over a newer generation.
 */
final class PolicyAncestorWrites {

    private PolicyAncestorWrites() {
    }

    /** The write that gives the policy {@code ours} as our ancestors (none: takes ours away), or null when it has them. */
    static Runnable plan(KubernetesClient client, ObjectRef ref, String controllerName, List<PolicyAncestorStatus> ours, String now) {
        BackendTLSPolicy fresh = client.resources(BackendTLSPolicy.class).inNamespace(ref.namespace()).withName(ref.name()).get();
        Long generation = fresh == null ? null : fresh.getMetadata().getGeneration();
        if (fresh == null || generation != null && ours.stream().flatMap(a -> a.getConditions().stream())
                .anyMatch(c -> c.getObservedGeneration() != null && c.getObservedGeneration() < generation)) {
            return null;
        }
        List<PolicyAncestorStatus> old = fresh.getStatus() == null || fresh.getStatus().getAncestors() == null
                ? List.of() : fresh.getStatus().getAncestors();
        List<PolicyAncestorStatus> ancestors = new ArrayList<>(old.stream().filter(a -> !controllerName.equals(a.getControllerName())).toList());
        for (PolicyAncestorStatus ancestor : ours) {
            PolicyAncestorStatus before = old.stream().filter(a -> controllerName.equals(a.getControllerName())
                    && Objects.equals(a.getAncestorRef(), ancestor.getAncestorRef())).findFirst().orElse(null);
            ancestors.add(new PolicyAncestorStatus(ancestor.getAncestorRef(), GatewayConditionMerge.timed(
                    before == null ? null : before.getConditions(), ancestor.getConditions(), now), controllerName));
        }
        if (ancestors.equals(old)) {
            return null;
        }
        return () -> client.resources(BackendTLSPolicy.class).inNamespace(ref.namespace())
                .resource(new BackendTLSPolicyBuilder(fresh).withStatus(new PolicyStatus(ancestors)).build()).updateStatus();
    }
}
