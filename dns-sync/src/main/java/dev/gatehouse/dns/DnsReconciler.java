package dev.gatehouse.dns;

import dev.gatehouse.cloudsdk.FailureReports;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DNS sync loop: for every zone, read the current records (cached for the provider cache time),
 * plan against the desired records, apply the policy and the safety rule, and write the changes unless
 * this is a dry run. A zone whose write conflicts is read again and planned once more within the loop;
 * a zone that fails does not stop the others, and the loop then throws so that its caller backs off.
 *
 * <p>A zone's failure is reported to each object it kept from its records ({@link ZoneAttempt}: in the words of
 * the object's own record sets when the provider says which failed), once per failure and not once per retry
 * ({@link FailureReports}: per object and zone, so an object that joins a zone that keeps failing hears of it too);
 * when the object's records next go through, it hears once that it recovered. The loop's exception,
 * {@link DnsSyncException}, says what each object was told.
 * {@code gatehouse_dns_failures_total} counts every failed attempt.
 *
 * <p>Call {@link #reconcile} from one thread; the caller owns scheduling, debouncing and leadership.
 */
public final class DnsReconciler {

    private static final Logger log = LoggerFactory.getLogger(DnsReconciler.class);
    private static final String FAILED = "DnsSyncFailed";

    private final DnsProvider provider;
    private final DnsSyncSettings settings;
    private final DnsEvents events;
    private final Clock clock;
    private final SafetyRule safety;
    private final ApexFlattening apex;
    private final Map<String, CachedRead> reads = new HashMap<>();
    private final FailureReports reports = new FailureReports();
    private final Counter changes;
    private final Counter held;
    private final Counter failures;
    private final Gauge owned;
    private final Counter loops;
    private List<Zone> zones;

    private record CachedRead(List<DnsRecord> records, Instant at) {
    }

    /** What a loop did: the plans (after policy and safety), and whether they were written. */
    public record Result(List<Plan> plans, int writes, boolean applied) {

        public boolean isEmpty() {
            return plans.stream().allMatch(Plan::isEmpty);
        }
    }

    public DnsReconciler(DnsProvider provider, DnsSyncSettings settings, DnsEvents events, Clock clock,
                         PrometheusRegistry metrics) {
        this(provider, settings, events, clock, metrics, ApexFlattening.system());
    }

    DnsReconciler(DnsProvider provider, DnsSyncSettings settings, DnsEvents events, Clock clock,
                  PrometheusRegistry metrics, ApexFlattening apex) {
        this.provider = provider;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.apex = apex;
        this.safety = new SafetyRule(settings.maxDeleteShare(), settings.minDeletes(), settings.deleteHold(),
                clock);
        this.changes = Counter.builder().name("gatehouse_dns_changes_total")
                .help("Record sets written to DNS, by zone and action")
                .labelNames("provider", "zone", "action").register(metrics);
        this.held = Counter.builder().name("gatehouse_dns_deletes_held_total")
                .help("Loops whose deletes the safety rule held back, by zone")
                .labelNames("provider", "zone").register(metrics);
        this.failures = Counter.builder().name("gatehouse_dns_failures_total")
                .help("Zone reads or writes that failed, by zone")
                .labelNames("provider", "zone").register(metrics);
        this.loops = Counter.builder().name("gatehouse_dns_loops_total")
                .help("DNS sync loops run, by result (ok or failed)")
                .labelNames("provider", "result").register(metrics);
        this.owned = Gauge.builder().name("gatehouse_dns_records_owned")
                .help("Record sets owned by this owner id, by zone, as last read")
                .labelNames("provider", "zone").register(metrics);
    }

    /** Plans and, unless a dry run, applies one loop for the desired records. */
    public Result reconcile(List<Desired> desired) {
        List<Zone> readable = zones();
        Map<Zone, List<Desired>> byZone = new LinkedHashMap<>();
        readable.forEach(zone -> byZone.put(zone, new ArrayList<>()));
        for (Desired want : desired) {
            if (!settings.publishes(want.record().name())) {
                continue;
            }
            Optional<Zone> zone = readable.stream().filter(z -> z.contains(want.record().name()))
                    .max(Comparator.comparingInt(z -> z.name().length()));
            if (zone.isPresent()) {
                byZone.get(zone.get()).add(want);
            } else {
                events.noZone(want);
            }
        }
        List<Plan> plans = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, String> told = new TreeMap<>();
        Set<String> present = new HashSet<>();
        int writes = 0;
        for (Map.Entry<Zone, List<Desired>> entry : byZone.entrySet()) {
            Zone zone = entry.getKey();
            Set<String> objects = new TreeSet<>();
            entry.getValue().forEach(want -> objects.add(want.resource()));
            objects.forEach(object -> present.add(key(zone, object)));
            ZoneAttempt attempt = new ZoneAttempt(provider.name(), zone);
            Map<String, String> failing = Map.of();
            try {
                Plan plan = planAndApply(zone, entry.getValue(), attempt);
                plans.add(plan);
                writes += settings.dryRun() ? 0 : plan.changes().size();
            } catch (DnsException e) {
                failures.labelValues(provider.name(), zone.name()).inc();
                reads.remove(zone.id());
                failing = attempt.failures(objects, e);
                failed.add(zone.name() + ": " + e.getMessage());
            }
            for (String object : objects) {
                String message = failing.get(object);
                if (message == null) {
                    if (reports.recovered(key(zone, object))) {
                        events.recovered(zone, object);
                    }
                } else {
                    told.merge(object, message, (a, b) -> a + "; " + b);
                    if (reports.failed(key(zone, object), FAILED, message)) {
                        events.failed(zone, object, message);
                    }
                }
            }
        }
        reports.retain(present);
        loops.labelValues(provider.name(), failed.isEmpty() ? "ok" : "failed").inc();
        if (!failed.isEmpty()) {
            throw new DnsSyncException(provider.name() + " sync failed for " + String.join("; ", failed), told);
        }
        return new Result(plans, writes, !settings.dryRun());
    }

    private static String key(Zone zone, String object) {
        return object + " in " + zone.id();
    }

    /** The zones this sync reads, listed from the provider once. */
    public List<Zone> zones() {
        if (zones == null) {
            zones = provider.zones().stream().filter(settings::reads).toList();
            log.info("{}: publishing to zones {}", provider.name(), zones.stream().map(Zone::name).toList());
        }
        return zones;
    }

    private Plan planAndApply(Zone zone, List<Desired> desired, ZoneAttempt attempt) {
        Plan plan = plan(zone, desired);
        if (settings.dryRun() || plan.isEmpty()) {
            return plan;
        }
        try {
            apply(zone, plan, attempt);
        } catch (DnsConflictException conflict) {
            log.info("{}: zone {} changed while we planned ({}); reading it again", provider.name(), zone.name(),
                    conflict.getMessage());
            reads.remove(zone.id());
            plan = plan(zone, desired);
            if (plan.isEmpty()) {
                return plan;
            }
            apply(zone, plan, attempt);
        } finally {
            reads.remove(zone.id());
        }
        for (Plan.Step step : plan.steps()) {
            changes.labelValues(provider.name(), zone.name(), step.action().name().toLowerCase()).inc();
            events.applied(zone, step);
        }
        return plan;
    }

    /** Round by round: a round that failed anywhere stops the next (see {@link Plan#rounds()}). */
    private void apply(Zone zone, Plan plan, ZoneAttempt attempt) {
        attempt.writing(plan);
        for (Changes round : plan.rounds()) {
            provider.apply(zone, round);
            attempt.roundDone();
        }
    }

    private Plan plan(Zone zone, List<Desired> desired) {
        // records outside the domain filter are not ours to manage, owned or not
        List<DnsRecord> current = read(zone).stream()
                .filter(r -> r.type() == RecordType.TXT || settings.publishes(r.name()))
                .toList();
        List<Desired> adjusted = new ArrayList<>();
        for (Desired want : desired) {
            for (DnsRecord record : providerForm(zone, want, current)) {
                adjusted.add(new Desired(record, want.resource()));
            }
        }
        Plan plan = safety.check(Plan.compute(zone, adjusted, current, settings.registry(), settings.policy()));
        owned.labelValues(provider.name(), zone.name()).set(plan.owned());
        plan.skipped().forEach(skip -> events.skipped(zone, skip));
        if (plan.heldDeletes() != null) {
            held.labelValues(provider.name(), zone.name()).inc();
            events.deletesHeld(zone, plan.heldDeletes());
            log.warn("{}: zone {}: {}", provider.name(), zone.name(), plan.heldDeletes());
        }
        return plan;
    }

    /**
     * The provider's form of a record; a CNAME left at the apex (no alias for it) becomes addresses. When
     * its target does not resolve, the apex keeps the addresses it has: a resolver hiccup must not take
     * a site's apex away.
     */
    private List<DnsRecord> providerForm(Zone zone, Desired want, List<DnsRecord> current) {
        List<DnsRecord> forms = new ArrayList<>();
        for (DnsRecord record : provider.adjust(zone, want.record())) {
            if (record.type() != RecordType.CNAME || !zone.isApex(record.name())) {
                forms.add(record);
                continue;
            }
            try {
                forms.addAll(apex.flatten(record));
            } catch (UnknownHostException e) {
                events.skipped(zone, new Plan.Skip(record.key(), want.resource(),
                        "the apex cannot hold a CNAME and its target " + record.targets().get(0)
                                + " does not resolve to an address; its addresses stay as they are"));
                current.stream().filter(r -> r.name().equals(record.name())
                        && (r.type() == RecordType.A || r.type() == RecordType.AAAA)).forEach(forms::add);
            }
        }
        return forms;
    }

    private List<DnsRecord> read(Zone zone) {
        Instant now = clock.instant();
        CachedRead cached = reads.get(zone.id());
        if (cached != null && cached.at().plus(settings.providerCacheTime()).isAfter(now)) {
            return cached.records();
        }
        List<DnsRecord> records = provider.records(zone);
        reads.put(zone.id(), new CachedRead(records, now));
        return records;
    }
}
