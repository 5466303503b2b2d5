package dev.gatehouse.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds back a loop's deletes when they would remove more than a set share of the records we own in a
 * zone at once: the usual cause is a source that came back empty (informers not synced, an Ingress
 * controller rollout clearing statuses), not a user deleting most of their Ingresses.
 *
 * <p>Deletes that keep being planned are let through once the same set has been planned for
 * {@code holdFor}: a real mass removal lands late instead of never. Not thread-safe; the reconciler
 * calls it from its one thread.
 */
public final class SafetyRule {

    private final double maxDeleteShare;
    private final int minDeletes;
    private final Duration holdFor;
    private final Clock clock;
    private final Map<String, Held> heldByZone = new HashMap<>();

    private record Held(Set<RecordKey> keys, Instant since) {
    }

    /**
     * @param maxDeleteShare the share of owned records (0 to 1) one loop may delete
     * @param minDeletes deletes up to this count are always allowed, so a small zone can empty
     * @param holdFor how long the same over-share deletes are held before they apply
     */
    public SafetyRule(double maxDeleteShare, int minDeletes, Duration holdFor, Clock clock) {
        if (maxDeleteShare < 0 || maxDeleteShare > 1) {
            throw new IllegalArgumentException("max delete share " + maxDeleteShare + ": expected 0 to 1");
        }
        this.maxDeleteShare = maxDeleteShare;
        this.minDeletes = minDeletes;
        this.holdFor = holdFor;
        this.clock = clock;
    }

    /** The plan to apply: the one given, or the one given without its deletes and with the reason. */
    public Plan check(Plan plan) {
        Set<RecordKey> deletes = plan.steps().stream().filter(s -> s.action() == Plan.Action.DELETE)
                .map(Plan.Step::key).collect(Collectors.toSet());
        int owned = plan.owned();
        if (deletes.size() <= minDeletes || deletes.size() <= maxDeleteShare * owned) {
            heldByZone.remove(plan.zone().id());
            return plan;
        }
        Instant now = clock.instant();
        Held held = heldByZone.get(plan.zone().id());
        if (held == null || !held.keys().equals(deletes)) {
            held = new Held(deletes, now);
            heldByZone.put(plan.zone().id(), held);
        }
        Duration waited = Duration.between(held.since(), now);
        if (waited.compareTo(holdFor) >= 0) {
            heldByZone.remove(plan.zone().id());
            return plan;
        }
        return plan.holdingDeletes(String.format(
                "%d of %d owned records would be deleted, more than %.0f%%; held for %s, until the same "
                        + "deletes have been planned for %s", deletes.size(), owned, maxDeleteShare * 100,
                waited.withNanos(0), holdFor));
    }
}
