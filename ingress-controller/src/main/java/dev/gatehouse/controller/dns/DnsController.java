package dev.gatehouse.controller.dns;

import dev.gatehouse.controller.retry.Backoff;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsEvents;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsProvider;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.Plan;
import dev.gatehouse.dns.PlanTable;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.dns.source.DesiredRecords;
import dev.gatehouse.dns.source.SourceSettings;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS sync as a level-triggered loop: each rebuild hands over the view, and a change of the desired
 * records runs a loop at once (the rebuilds are already debounced); otherwise a loop runs every
 * interval to repair drift. Only the leader plans and writes, on the {@code gatehouse-dns} thread, so
 * no DNS call ever runs on an event loop or on the rebuild thread. A failed loop is retried with
 * exponential backoff and jitter; its problems are warnings on the objects, through {@link #problems()}.
 */
public final class DnsController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsController.class);

    private final DnsSetup setup;
    private final BooleanSupplier leader;
    private final Clock clock;
    private final Runnable problemsChanged;
    private final PrometheusRegistry registry;
    private final Supplier<List<String>> edgeTargets;
    private final boolean standalone;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;
    private volatile DesiredRecords.Result desired;
    private volatile List<Warning> problems = List.of();
    private volatile LastRun lastRun;
    // runs that find the zones as wanted follow the one that changed them within seconds; an operator wants that one
    private volatile LastRun lastChanges;
    private DnsProvider provider;
    private DnsReconciler reconciler;
    private final Relay relay;
    private ScheduledFuture<?> next;
    private int failures;

    /**
     * @param edgeTargets the addresses this edge is published at, for label vhosts (and, standalone, for
     *     Ingresses and Gateways, which have no status there)
     * @param standalone whether Ingresses and Gateways take the edge targets instead of their status
     * @param notices where an object's recovery from a failure it was warned of is told, once
     */
    public DnsController(DnsSetup setup, BooleanSupplier leader, Clock clock, Supplier<List<String>> edgeTargets,
                         boolean standalone, Runnable problemsChanged, Consumer<Notice> notices,
                         PrometheusRegistry registry) {
        this.setup = setup;
        this.leader = leader;
        this.clock = clock;
        this.edgeTargets = edgeTargets;
        this.standalone = standalone;
        this.problemsChanged = problemsChanged;
        this.relay = new Relay(notices);
        this.registry = registry;
        this.backoff = new Backoff(setup.retryFirst(), setup.retryMax(), () -> ThreadLocalRandom.current().nextDouble());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-dns");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * After each rebuild: the view and its translation (which Ingresses are ours, which label hosts are served, which
     * routes our Gateways accepted).
     */
    public void viewed(ClusterView view, Translation translation) {
        try {
            desire(view, translation);
        } catch (RuntimeException e) {
            log.error("dns: reading the desired records from the view failed; the DNS sync keeps its last ones", e);
        }
    }

    private void desire(ClusterView view, Translation translation) {
        Set<ObjectRef> served = new HashSet<>(translation.ingresses());
        List<Ingress> ingresses = view.ingresses().stream().filter(i -> served.contains(ObjectRef.of(i))).toList();
        List<String> edge = edgeTargets.get();
        SourceSettings sources = new SourceSettings(setup.defaultTtl(), edge, standalone);
        DesiredRecords.Result latest = DesiredRecords.from(ingresses, view.services(), translation.labelMaps().serviceHosts(),
                DnsGatewaySources.of(view.gateway(), translation.gateway()), sources);
        DesiredRecords.Result previous = desired;
        desired = latest;
        if (previous == null || !previous.equals(latest)) {
            soon();
        }
    }

    /** This replica became the leader: sync now. */
    public void leading() {
        soon();
    }

    /** What the last loop left alone or failed on, as warnings on the objects concerned. */
    public List<Warning> problems() {
        return problems;
    }

    /** The last sync loop's plans (or why it failed), for the dashboard; null before the first loop as leader. */
    public LastRun lastRun() {
        return lastRun;
    }

    /** The last sync loop that planned a change (written, unless a dry run); null while none has. */
    public LastRun lastChanges() {
        return lastChanges;
    }

    /**
     * One sync loop's outcome.
     *
     * @param at    when it ended
     * @param plans what it planned per zone (written, unless a dry run)
     * @param error why it failed, or null
     */
    public record LastRun(Instant at, List<Plan> plans, String error) {
    }

    private void soon() {
        try {
            executor.execute(this::loop);
        } catch (RejectedExecutionException closed) {
            // after close, views still arriving from the last rebuilds have nobody to act on them
        }
    }

    private void loop() {
        DesiredRecords.Result current = desired;
        if (current == null || !leader.getAsBoolean()) {
            schedule(setup.interval());
            return;
        }
        DnsWarnings warnings = new DnsWarnings(current.desired(), current.problems());
        Duration wait = setup.interval();
        try {
            DnsReconciler.Result result = reconciler(warnings).reconcile(current.desired());
            failures = 0;
            lastRun = new LastRun(clock.instant(), result.plans(), null);
            if (!result.isEmpty()) {
                lastChanges = lastRun;
            }
            if (setup.sync().dryRun() && !result.isEmpty()) {
                log.info("dns: dry run, nothing written; the plan:\n{}", PlanTable.render(result.plans()));
            } else if (result.writes() > 0) {
                log.info("dns: {} record set(s) written", result.writes());
            }
        } catch (DnsException | IllegalArgumentException e) {
            failures++;
            wait = backoff.after(failures);
            lastRun = new LastRun(clock.instant(), List.of(), e.getMessage());
            log.warn("dns: sync failed ({} in a row; next attempt in {}s): {}", failures, wait.toSeconds(), e.getMessage());
        } catch (RuntimeException e) {
            failures++;
            wait = backoff.after(failures);
            lastRun = new LastRun(clock.instant(), List.of(), e.toString());
            log.warn("dns: sync failed unexpectedly ({} in a row; next attempt in {}s)", failures, wait.toSeconds(), e);
        }
        relay.failures.retain(current.desired());
        List<Warning> now = new ArrayList<>(warnings.warnings());
        now.addAll(relay.failures.warnings());
        if (!now.equals(problems)) {
            problems = now;
            problemsChanged.run();
        }
        schedule(wait);
    }

    private DnsReconciler reconciler(DnsWarnings warnings) {
        if (reconciler == null) {
            provider = setup.provider().get();
            reconciler = new DnsReconciler(provider, setup.sync(), relay, clock, registry);
        }
        relay.current = warnings;
        return reconciler;
    }

    /**
     * Forwards the reconciler's events to this loop's warnings, and its failures and recoveries to the failures
     * kept across loops (a recovery is also told as a notice); only the gatehouse-dns thread touches it.
     */
    private static final class Relay implements DnsEvents {
        private final DnsFailures failures = new DnsFailures();
        private final Consumer<Notice> notices;
        private DnsWarnings current;

        Relay(Consumer<Notice> notices) {
            this.notices = notices;
        }

        @Override
        public void skipped(Zone zone, Plan.Skip skip) {
            current.skipped(zone, skip);
        }

        @Override
        public void deletesHeld(Zone zone, String reason) {
            current.deletesHeld(zone, reason);
        }

        @Override
        public void applied(Zone zone, Plan.Step step) {
            current.applied(zone, step);
        }

        @Override
        public void failed(Zone zone, String resource, String message) {
            failures.failed(zone, resource, message);
        }

        @Override
        public void recovered(Zone zone, String resource) {
            failures.recovered(zone, resource).ifPresent(notices);
        }

        @Override
        public void noZone(Desired want) {
            current.noZone(want);
        }
    }

    private void schedule(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        try {
            next = executor.schedule(this::loop, Math.max(delay.toMillis(), 0), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: no next loop
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (provider != null) {
            provider.close();
        }
    }
}
