package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrantFrom;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrantTo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The references across namespaces the ReferenceGrants of a view allow, as the specification defines them: a grant lives
 * in the namespace of the objects it opens, names the group, kind and namespace of the objects it opens them to
 * ({@code from}), and the group, kind and, optionally, the name of the objects it opens ({@code to}). A reference within
 * one namespace needs no grant; every other reference needs one.
 */
final class ReferenceGrants {

    private final Map<String, List<ReferenceGrant>> byNamespace = new HashMap<>();

    ReferenceGrants(List<ReferenceGrant> grants) {
        for (ReferenceGrant grant : grants) {
            if (grant.getSpec() != null) {
                byNamespace.computeIfAbsent(grant.getMetadata().getNamespace(), n -> new ArrayList<>()).add(grant);
            }
        }
    }

    /**
     * Whether an object of kind {@code fromKind} (group gateway.networking.k8s.io) in {@code fromNamespace} may refer to
     * the object {@code toName} of {@code toGroup}/{@code toKind} in {@code toNamespace}.
     */
    boolean permits(String fromKind, String fromNamespace, String toGroup, String toKind, String toNamespace, String toName) {
        if (fromNamespace.equals(toNamespace)) {
            return true;
        }
        for (ReferenceGrant grant : byNamespace.getOrDefault(toNamespace, List.of())) {
            List<ReferenceGrantFrom> from = grant.getSpec().getFrom() == null ? List.of() : grant.getSpec().getFrom();
            List<ReferenceGrantTo> to = grant.getSpec().getTo() == null ? List.of() : grant.getSpec().getTo();
            boolean fromMatches = from.stream().anyMatch(f -> ListenerCheck.GROUP.equals(f.getGroup()) && fromKind.equals(f.getKind())
                    && fromNamespace.equals(f.getNamespace()));
            boolean toMatches = to.stream().anyMatch(t -> group(t.getGroup()).equals(group(toGroup)) && toKind.equals(t.getKind())
                    && (t.getName() == null || t.getName().isEmpty() || Objects.equals(t.getName(), toName)));
            if (fromMatches && toMatches) {
                return true;
            }
        }
        return false;
    }

    /** The core group is spelled "" by the specification; a missing group is the same. */
    private static String group(String group) {
        return group == null ? "" : group;
    }
}
