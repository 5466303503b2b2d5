package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Our conditions of a Gateway API object merged into those it has, as the specification asks of a controller: each of ours
 * keeps its {@code lastTransitionTime} while its status holds, and the conditions of types we do not set (another
 * controller's, a policy's) are kept as they are, where they are.
 */
final class GatewayConditionMerge {

    /** The condition types Gatehouse sets on GatewayClasses, Gateways and their listeners. */
    static final Set<String> OURS = Set.of("Accepted", "Programmed", "ResolvedRefs", "Conflicted", "SupportedVersion");

    private GatewayConditionMerge() {
    }

    /**
     * {@code old} with each of our types replaced by the desired condition of that type, ours no longer desired removed,
     * and the desired ones it did not have added at the end.
     */
    static List<Condition> merged(List<Condition> old, List<Condition> desired, String now) {
        Map<String, Condition> ours = new LinkedHashMap<>();
        timed(old, desired, now).forEach(condition -> ours.put(condition.getType(), condition));
        List<Condition> merged = new ArrayList<>();
        for (Condition condition : old == null ? List.<Condition>of() : old) {
            Condition replaced = ours.remove(condition.getType());
            if (replaced != null) {
                merged.add(replaced);
            } else if (!OURS.contains(condition.getType())) {
                merged.add(condition);
            }
        }
        merged.addAll(ours.values());
        return merged;
    }

    /** The desired conditions, each with the old one's transition time when its status did not change, else {@code now}. */
    static List<Condition> timed(List<Condition> old, List<Condition> desired, String now) {
        List<Condition> timed = new ArrayList<>();
        for (Condition condition : desired) {
            Condition before = old == null ? null : old.stream().filter(c -> Objects.equals(c.getType(), condition.getType()))
                    .findFirst().orElse(null);
            String since = before != null && Objects.equals(before.getStatus(), condition.getStatus()) && before.getLastTransitionTime() != null
                    ? before.getLastTransitionTime() : now;
            timed.add(new ConditionBuilder(condition).withLastTransitionTime(since).build());
        }
        return timed;
    }
}
