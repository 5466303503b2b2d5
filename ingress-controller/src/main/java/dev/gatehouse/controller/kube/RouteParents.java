package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A route's {@code status.parents} with ours replaced and the other controllers' kept, whatever the route's kind. */
final class RouteParents {

    private RouteParents() {
    }

    /**
     * @param old  the parents the route's status has
     * @param ours our parents as the translation says, without condition times
     * @param now  the time of a condition whose status changes
     */
    static List<RouteParentStatus> merged(List<RouteParentStatus> old, String controllerName, List<RouteParentStatus> ours, String now) {
        List<RouteParentStatus> parents = new ArrayList<>(old.stream().filter(p -> !controllerName.equals(p.getControllerName())).toList());
        for (RouteParentStatus parent : ours) {
            RouteParentStatus before = old.stream().filter(p -> controllerName.equals(p.getControllerName())
                    && Objects.equals(p.getParentRef(), parent.getParentRef())).findFirst().orElse(null);
            parents.add(new RouteParentStatus(GatewayConditionMerge.timed(before == null ? null : before.getConditions(),
                    parent.getConditions(), now),
                    controllerName, parent.getParentRef()));
        }
        return parents;
    }

    /**
     * Whether the status was computed from an older generation of the object than the server now has: the specification
     * forbids writing it over the newer spec (the informer brings the new generation, and its rebuild a status for it).
     */
    static boolean behind(List<Condition> desired, HasMetadata fresh) {
        Long generation = fresh.getMetadata().getGeneration();
        return generation != null && desired.stream().anyMatch(c -> c.getObservedGeneration() != null && c.getObservedGeneration() < generation);
    }
}
