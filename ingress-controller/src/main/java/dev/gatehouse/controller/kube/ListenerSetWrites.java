package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ListenerSet's status as a Gateway's is written: conditions of other types kept, a condition's time kept while its
 * status stays, and nothing written over a newer generation.
 */
final class ListenerSetWrites {

    private ListenerSetWrites() {
    }

    /** The write that gives the ListenerSet {@code desired}, or null when it has it already (or is gone, or newer). */
    static Runnable plan(KubernetesClient client, ObjectRef ref, ListenerSetStatus desired, String now) {
        ListenerSet fresh = client.resources(ListenerSet.class).inNamespace(ref.namespace()).withName(ref.name()).get();
        Long generation = fresh == null ? null : fresh.getMetadata().getGeneration();
        if (fresh == null || generation != null && desired.getConditions().stream()
                .anyMatch(c -> c.getObservedGeneration() != null && c.getObservedGeneration() < generation)) {
            return null;
        }
        ListenerSetStatus old = fresh.getStatus() == null ? new ListenerSetStatus() : fresh.getStatus();
        List<ListenerEntryStatus> listeners = new ArrayList<>();
        for (ListenerEntryStatus listener : desired.getListeners()) {
            ListenerEntryStatus before = old.getListeners() == null ? null : old.getListeners().stream()
                    .filter(l -> Objects.equals(l.getName(), listener.getName())).findFirst().orElse(null);
            listeners.add(new ListenerEntryStatus(listener.getAttachedRoutes(), GatewayConditionMerge.merged(
                    before == null ? null : before.getConditions(), listener.getConditions(), now), listener.getName(),
                    listener.getSupportedKinds()));
        }
        ListenerSetStatus next = new ListenerSetStatus(GatewayConditionMerge.merged(old.getConditions(), desired.getConditions(), now),
                listeners);
        return next.equals(old) ? null : () -> client.resources(ListenerSet.class).inNamespace(ref.namespace())
                .resource(new ListenerSetBuilder(fresh).withStatus(next).build()).updateStatus();
    }
}
