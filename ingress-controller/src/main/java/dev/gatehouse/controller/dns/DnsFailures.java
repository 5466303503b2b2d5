package dev.gatehouse.controller.dns;

import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.Zone;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS sync's failures as warnings on the objects concerned, from the loop that reported a failure (once, not per
 * retry: see {@link dev.gatehouse.dns.DnsReconciler}) until the object recovers or is gone. The warning keeps the
 * words of its first report, so the event recorder writes one Event per failure however often it is retried; a new
 * failure replaces it with a new Event. A recovery withdraws the warning and is a notice (a Normal Event).
 * Only the gatehouse-dns thread touches it.
 */
final class DnsFailures {

    static final String SYNC_FAILED = "DnsSyncFailed";
    static final String SYNC_RECOVERED = "DnsSyncRecovered";

    private static final Logger log = LoggerFactory.getLogger(DnsFailures.class);

    private record Key(String resource, String zone) {
    }

    private final Map<Key, Warning> failing = new TreeMap<>(Comparator.comparing(Key::resource).thenComparing(Key::zone));

    void failed(Zone zone, String resource, String message) {
        String text = "zone " + zone.name() + ": writing records failed and is retried: " + message;
        log.warn("dns: {}: {}", resource, text);
        DnsWarnings.ref(resource).ifPresent(ref -> failing.put(new Key(resource, zone.name()),
                new Warning(ref, SYNC_FAILED, DnsWarnings.describe(ref) + ": " + text)));
    }

    /** The object's records went through again: a {@value #SYNC_RECOVERED} notice if it had a warning. */
    Optional<Notice> recovered(Zone zone, String resource) {
        log.info("dns: {}: zone {}: records written again after the failure reported before", resource, zone.name());
        Warning withdrawn = failing.remove(new Key(resource, zone.name()));
        return Optional.ofNullable(withdrawn).map(warning -> new Notice(warning.object(), SYNC_RECOVERED,
                DnsWarnings.describe(warning.object()) + ": zone " + zone.name() + ": records written again after the"
                        + " failure reported before"));
    }

    /** Forgets the objects that no longer want records. */
    void retain(Collection<Desired> desired) {
        Set<String> present = desired.stream().map(Desired::resource).collect(Collectors.toSet());
        failing.keySet().removeIf(key -> !present.contains(key.resource()));
    }

    List<Warning> warnings() {
        return List.copyOf(failing.values());
    }
}
