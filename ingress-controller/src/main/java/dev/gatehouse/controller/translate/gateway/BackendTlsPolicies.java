package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.UpstreamTls;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalPolicyTargetReferenceWithSectionName;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyAncestorStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The BackendTLSPolicies of the view by the Service ports they target, and the status each gets from the Gateways whose
 * routes use those ports (a policy's ancestors). A target names a Service of the policy's namespace, and with
 * {@code sectionName} one of its ports by name; on a port, a policy naming it wins over one naming the whole Service,
 * and of two naming the same, the older wins (the other is {@code Conflicted} there, as policy attachment orders them).
 * What a policy asks is read once by {@link BackendTlsValidation}.
 */
final class BackendTlsPolicies {

    /** One policy, read. */
    record Policy(BackendTLSPolicy object, BackendTlsValidation.Read read) {
    }

    // by namespace/service/sectionName ("" for the whole Service), oldest first
    private final Map<String, List<Policy>> byTarget = new HashMap<>();
    // for each policy that a route's backend reached, the Gateways it was reached through, with whether it lost there
    private final Map<ObjectRef, Map<String, Ancestor>> ancestors = new TreeMap<>();

    private record Ancestor(ParentReference gateway, Policy policy, Policy winner) {
    }

    BackendTlsPolicies(List<BackendTLSPolicy> policies, List<ConfigMap> configMapList) {
        Map<String, ConfigMap> configMaps = new HashMap<>();
        configMapList.forEach(map -> configMaps.put(Metadata.namespace(map) + "/" + map.getMetadata().getName(), map));
        for (BackendTLSPolicy object : Metadata.byAge(policies)) {
            Policy policy = new Policy(object, BackendTlsValidation.read(object, configMaps));
            List<LocalPolicyTargetReferenceWithSectionName> targets = object.getSpec() == null || object.getSpec().getTargetRefs() == null
                    ? List.of() : object.getSpec().getTargetRefs();
            Set<String> keys = new LinkedHashSet<>();
            for (LocalPolicyTargetReferenceWithSectionName target : targets) {
                if ((target.getGroup() == null || target.getGroup().isEmpty()) && "Service".equals(target.getKind()) && target.getName() != null) {
                    keys.add(key(Metadata.namespace(object), target.getName(), target.getSectionName()));
                }
            }
            keys.forEach(key -> byTarget.computeIfAbsent(key, k -> new ArrayList<>()).add(policy));
        }
    }

    /**
     * The policy that applies to port {@code portName} of Service {@code namespace/service} (null when none does), after
     * recording that it is used through {@code gateway}.
     *
     * @param portName the Service port's name, or null when it has none
     */
    Policy use(String namespace, String service, String portName, ParentReference gateway) {
        List<Policy> contenders = portName == null ? null : byTarget.get(key(namespace, service, portName));
        if (contenders == null) {
            contenders = byTarget.get(key(namespace, service, null));
        }
        if (contenders == null) {
            return null;
        }
        Policy winner = contenders.get(0);
        String ancestorKey = gateway.getNamespace() + "/" + gateway.getName();
        for (Policy policy : contenders) {
            ancestors.computeIfAbsent(ObjectRef.of(policy.object()), p -> new LinkedHashMap<>())
                    .merge(ancestorKey, new Ancestor(gateway, policy, winner), (old, now) -> old.winner() != old.policy() ? old : now);
        }
        return winner;
    }

    /** Each used policy's ancestor statuses: Accepted and ResolvedRefs per Gateway it was reached through. */
    Map<ObjectRef, List<PolicyAncestorStatus>> statuses(String controllerName) {
        Map<ObjectRef, List<PolicyAncestorStatus>> statuses = new TreeMap<>();
        ancestors.forEach((ref, byGateway) -> {
            List<PolicyAncestorStatus> list = new ArrayList<>();
            for (Ancestor ancestor : byGateway.values()) {
                BackendTLSPolicy object = ancestor.policy().object();
                BackendTlsValidation.Read read = ancestor.policy().read();
                List<Condition> conditions = new ArrayList<>();
                if (ancestor.winner() != ancestor.policy()) {
                    conditions.add(Conditions.of(object, Conditions.ACCEPTED, false, "Conflicted", "policy "
                            + ObjectRef.of(ancestor.winner().object()).name() + ", which is older, targets the same Service port"));
                } else {
                    conditions.add(Conditions.of(object, Conditions.ACCEPTED, read.accepted() == null,
                            read.accepted() == null ? "Accepted" : read.accepted()[0],
                            read.accepted() == null ? "connections to the targeted Service ports use TLS as the policy says" : read.accepted()[1]));
                }
                conditions.add(Conditions.of(object, Conditions.RESOLVED_REFS, read.unresolved() == null,
                        read.unresolved() == null ? "ResolvedRefs" : read.unresolved()[0],
                        read.unresolved() == null ? "every CA certificate reference is resolved" : read.unresolved()[1]));
                list.add(new PolicyAncestorStatus(ancestor.gateway(), conditions, controllerName));
            }
            statuses.put(ref, list);
        });
        return statuses;
    }

    /** The Gateways a route is attached to by the parentRefs that were accepted, as a policy's ancestors name them. */
    static List<ParentReference> ancestors(List<ParentReference> parents, List<Attachment.Outcome> outcomes, String routeNamespace) {
        List<ParentReference> gateways = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            ParentReference parent = parents.get(i);
            ParentReference gateway = new ParentReference(ListenerCheck.GROUP, parent.getKind() == null ? "Gateway" : parent.getKind(),
                    parent.getName(),
                    parent.getNamespace() == null ? routeNamespace : parent.getNamespace(), null, null);
            if (outcomes.get(i).reason().equals("Accepted") && !gateways.contains(gateway)) {
                gateways.add(gateway);
            }
        }
        return gateways;
    }

    private static String key(String namespace, String service, String sectionName) {
        return namespace + "/" + service + "/" + (sectionName == null ? "" : sectionName);
    }

    /** The TLS a backend gets from {@code policy}, or null when the policy cannot be applied (its backend must fail). */
    static UpstreamTls tls(Policy policy) {
        return policy.read().tls();
    }
}
