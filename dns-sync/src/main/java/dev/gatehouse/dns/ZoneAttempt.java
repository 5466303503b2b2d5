package dev.gatehouse.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How far one zone's loop got, so that a failure is told to each object in the words of its own records. A
 * provider that writes record sets one by one says which failed ({@link DnsException#recordFailures()}): an object
 * is told which of its writes failed, or that its writes wait for a round that failed; an object whose writes all
 * went through is not failing at all. The message then stays the same while the same writes of the object keep
 * failing the same way, whatever else fails in the zone, so a retry is not news. A failure that is not per record
 * set (a read, an atomic batch) concerns every object in the zone, in the zone's words.
 */
final class ZoneAttempt {

    private final String provider;
    private final Zone zone;
    private Plan plan;
    private int roundsDone;

    ZoneAttempt(String provider, Zone zone) {
        this.provider = provider;
        this.zone = zone;
    }

    /** A plan is being written from its first round (again, after a conflict). */
    void writing(Plan planned) {
        this.plan = planned;
        this.roundsDone = 0;
    }

    void roundDone() {
        roundsDone++;
    }

    /** Of {@code objects}, those the failure kept from their records, each with what to tell it. */
    Map<String, String> failures(Collection<String> objects, DnsException failure) {
        Map<String, String> told = new TreeMap<>();
        if (plan == null || failure.recordFailures().isEmpty()) {
            objects.forEach(object -> told.put(object, failure.getMessage()));
            return told;
        }
        Map<RecordKey, String> owners = owners(plan);
        Map<String, List<String>> failedWrites = new TreeMap<>();
        failure.recordFailures().forEach((key, write) -> {
            String owner = owners.get(key);
            if (owner != null) {
                failedWrites.computeIfAbsent(owner, o -> new ArrayList<>()).add(write);
            }
        });
        Set<String> waiting = new HashSet<>();
        List<Changes> rounds = plan.rounds();
        for (int later = roundsDone + 1; later < rounds.size(); later++) {
            keys(rounds.get(later)).map(owners::get).filter(owner -> owner != null).forEach(waiting::add);
        }
        String where = provider + " zone " + zone.name() + ": ";
        for (String object : objects) {
            List<String> writes = failedWrites.get(object);
            if (writes != null) {
                told.put(object, where + writes.size() + " write(s) of its record sets failed: " + String.join("; ", writes));
            } else if (waiting.contains(object)) {
                told.put(object, where + "its record sets wait until the zone's ownership records and deletes are"
                        + " written, and some of those failed");
            }
        }
        return told;
    }

    /** Which object each record set of the plan (its registry TXT records included) is written for. */
    private static Map<RecordKey, String> owners(Plan plan) {
        Map<RecordKey, String> owners = new HashMap<>();
        for (Plan.Step step : plan.steps()) {
            owners.put(step.key(), step.resource());
            if (step.txtAfter() != null) {
                owners.put(step.txtAfter().key(), step.resource());
            }
            step.txtBefore().forEach(txt -> owners.put(txt.key(), step.resource()));
        }
        return owners;
    }

    private static Stream<RecordKey> keys(Changes changes) {
        return Stream.of(changes.creates().stream(), changes.deletes().stream(),
                changes.updates().stream().map(Changes.Update::to)).flatMap(s -> s).map(DnsRecord::key);
    }
}
