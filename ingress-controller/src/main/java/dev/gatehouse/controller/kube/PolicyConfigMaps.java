package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ConfigMaps BackendTLSPolicies take their CAs from ({@code validation.caCertificateRefs}, in the policy's
 * namespace), so that they are watched by name as the Ingresses' header ConfigMaps are, and no other ConfigMap is read.
 */
final class PolicyConfigMaps {

    private PolicyConfigMaps() {
    }

    /** {@code names} ({@code namespace/name}) with those {@code policies} name. */
    static Set<String> plus(Set<String> names, List<BackendTLSPolicy> policies) {
        if (policies.isEmpty()) {
            return names;
        }
        Set<String> all = new TreeSet<>(names);
        for (BackendTLSPolicy policy : policies) {
            if (policy.getSpec() == null || policy.getSpec().getValidation() == null
                    || policy.getSpec().getValidation().getCaCertificateRefs() == null) {
                continue;
            }
            for (LocalObjectReference ref : policy.getSpec().getValidation().getCaCertificateRefs()) {
                if ((ref.getGroup() == null || ref.getGroup().isEmpty()) && "ConfigMap".equals(ref.getKind()) && ref.getName() != null) {
                    all.add(policy.getMetadata().getNamespace() + "/" + ref.getName());
                }
            }
        }
        return all;
    }
}
