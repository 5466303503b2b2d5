package dev.gatehouse.controller.dns;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.Plan;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.dns.source.SourceProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one loop's DNS events as warnings on the objects they concern, for the event recorder. A
 * zone-wide event (held deletes) goes to every object with a record in that zone. Failed writes outlast a
 * loop and are kept by {@link DnsFailures}.
 */
final class DnsWarnings {

    static final String RECORD_SKIPPED = "DnsRecordSkipped";
    static final String DELETES_HELD = "DnsDeletesHeld";
    static final String NO_ZONE = "DnsNoZone";
    static final String INVALID = "InvalidDnsAnnotation";

    private static final Logger log = LoggerFactory.getLogger(DnsWarnings.class);
    private static final Map<String, String> KINDS = Map.of("ingress", "Ingress", "service", "Service");

    private final List<Desired> desired;
    private final TreeSet<Warning> warnings = new TreeSet<>();

    DnsWarnings(List<Desired> desired, List<SourceProblem> problems) {
        this.desired = desired;
        for (SourceProblem problem : problems) {
            warnings.add(new Warning(new ObjectRef(problem.kind(), problem.namespace(), problem.name()), INVALID,
                    problem.message()));
        }
    }

    List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    void skipped(Zone zone, Plan.Skip skip) {
        ref(skip.resource()).ifPresent(ref -> warnings.add(new Warning(ref, RECORD_SKIPPED, describe(ref)
                + ": record " + skip.key() + " in zone " + zone.name() + " is left alone: " + skip.reason())));
    }

    void deletesHeld(Zone zone, String reason) {
        zoneWide(zone, DELETES_HELD, "zone " + zone.name() + ": deletes held back by the safety rule: " + reason);
    }

    void applied(Zone zone, Plan.Step step) {
        log.info("dns: zone {}: {} {} for {}", zone.name(), step.action().name().toLowerCase(), step.after() != null
                ? step.after() : step.before(), step.resource());
    }


    void noZone(Desired want) {
        ref(want.resource()).ifPresent(ref -> warnings.add(new Warning(ref, NO_ZONE, describe(ref) + ": host "
                + want.record().name() + " is in none of the zones this instance may write")));
    }

    private void zoneWide(Zone zone, String reason, String message) {
        log.warn("dns: {}", message);
        for (Desired want : desired) {
            if (zone.contains(want.record().name())) {
                ref(want.resource()).ifPresent(ref -> warnings.add(new Warning(ref, reason, message)));
            }
        }
    }

    static String describe(ObjectRef ref) {
        return ref.kind().toLowerCase() + " " + ref.namespace() + "/" + ref.name();
    }

    static Optional<ObjectRef> ref(String resource) {
        String[] parts = resource.split("/", 3);
        if (parts.length != 3 || !KINDS.containsKey(parts[0])) {
            return Optional.empty();
        }
        return Optional.of(new ObjectRef(KINDS.get(parts[0]), parts[1], parts[2]));
    }
}
