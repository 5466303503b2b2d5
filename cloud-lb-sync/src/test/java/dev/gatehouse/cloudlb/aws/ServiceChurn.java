package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.ResourceMetrics;
import dev.gatehouse.cloudsdk.FailureReports;
import dev.gatehouse.cloudsdk.testing.EventTally;
import dev.gatehouse.cloudsdk.testing.Faults;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * What the AWS convergence tests put a provider through, the same for NLB and classic ELB: Services created, given
 * or relieved of a second port, moved to other nodes and deleted in an order drawn from a seed, and loops that drive
 * the provider as the reconciler does (a Service is ensured when its request changed or its last attempt failed, all
 * of them at each resync; a deleted Service's finalizer is released when {@code ensureDeleted} returns), and report
 * failures as the reconciler's Events do (a Warning when {@link FailureReports} says a failure is news, a recovery
 * when it ends), tallied beside each Service's attempts ({@link EventTally}).
 */
final class ServiceChurn {

    private static final int FAULT_LOOPS = 12;
    private static final int RESYNC_EVERY = 6;
    private static final int MAX_CALM_LOOPS = 8;
    private static final List<String> KINDS = List.of(Steps.LOAD_BALANCER, Steps.LISTENER, Steps.TARGET_GROUP,
            Steps.TARGETS, Steps.HEALTH_CHECK, Steps.SECURITY_GROUP, Steps.INGRESS_RULES);

    /** A Service as the test wants it now. */
    static final class Wanted {
        final String name;
        final String uid;
        final Map<Integer, Integer> ports = new TreeMap<>();
        List<String> nodes = List.of("0a", "0b");

        Wanted(String name, String uid) {
            this.name = name;
            this.uid = uid;
        }

        Requests.Builder request() {
            Requests.Builder request = Requests.web().noPorts().uid(uid).nodes(nodes.toArray(String[]::new));
            ports.forEach((port, nodePort) -> request.port("TCP", port, nodePort));
            return request;
        }
    }

    private final int services;
    private final Random random;
    private final Map<String, Wanted> live = new LinkedHashMap<>();
    private final Map<String, Wanted> deleting = new LinkedHashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private final List<String> releasedTooEarly = new ArrayList<>();
    private final FailureReports reports = new FailureReports();
    private final EventTally tally = new EventTally();
    private final ResourceMetrics metrics = new ResourceMetrics(new PrometheusRegistry());
    private int created;

    ServiceChurn(long seed, int services) {
        this.random = new Random(seed);
        this.services = services;
    }

    /** {@code count} random changes: mostly creates until all Services exist, then changes and deletes. */
    void churn(int count) {
        for (int i = 0; i < count; i++) {
            change();
        }
    }

    private void change() {
        int roll = random.nextInt(10);
        List<String> uids = new ArrayList<>(live.keySet());
        if (created < services && (roll < 6 || uids.isEmpty())) {
            created++;
            Wanted wanted = new Wanted("svc-" + created, uid(created));
            wanted.ports.put(80, 30000 + created);
            live.put(wanted.uid, wanted);
            dirty.add(wanted.uid);
        } else if (!uids.isEmpty() && roll < 8) {
            Wanted wanted = live.get(uids.get(random.nextInt(uids.size())));
            if (wanted.ports.size() == 1 || random.nextBoolean()) {
                wanted.ports.put(443, 31000 + Integer.parseInt(wanted.name.substring(4)));
            } else {
                wanted.ports.remove(443);
            }
            wanted.nodes = random.nextBoolean() ? List.of("0a", "0b") : List.of("0a", "0b", "0c");
            dirty.add(wanted.uid);
        } else if (!uids.isEmpty()) {
            String uid = uids.get(random.nextInt(uids.size()));
            deleting.put(uid, live.remove(uid));
            dirty.remove(uid);
        }
    }

    /**
     * One loop; returns how many ensure and delete attempts failed.
     *
     * @param ownedBy how many resources the cloud holds for a Service uid, to catch a finalizer released too early
     */
    int loop(LoadBalancerProvider provider, boolean resync, ToIntFunction<String> ownedBy) {
        int failed = 0;
        for (Wanted wanted : new ArrayList<>(live.values())) {
            if (!resync && !dirty.contains(wanted.uid)) {
                continue;
            }
            try {
                provider.ensure(wanted.request().build());
                dirty.remove(wanted.uid);
                succeeded(wanted.uid);
            } catch (LoadBalancerException e) {
                dirty.add(wanted.uid);
                failed(wanted.uid, e);
                failed++;
            }
        }
        for (Wanted wanted : new ArrayList<>(deleting.values())) {
            try {
                provider.ensureDeleted(wanted.request().build());
                if (ownedBy.applyAsInt(wanted.uid) > 0) {
                    releasedTooEarly.add(wanted.name);
                }
                deleting.remove(wanted.uid);
                succeeded(wanted.uid);
            } catch (LoadBalancerException e) {
                failed(wanted.uid, e);
                failed++;
            }
        }
        return failed;
    }

    private void failed(String uid, LoadBalancerException e) {
        tally.attemptFailed(uid, e.reason(), e.getMessage());
        if (reports.failed(uid, e.reason(), e.getMessage())) {
            tally.warning(uid);
        }
    }

    private void succeeded(String uid) {
        tally.attemptSucceeded(uid);
        if (reports.recovered(uid)) {
            tally.recovered(uid);
        }
    }

    /**
     * Twelve loops of churn while {@code faults} fail what they fail (a resync every sixth), then the faults stop and
     * loops go on until one fails nothing and writes nothing, eight at most; prints the figures and checks what every
     * AWS provider must end with: no failure and no write left, each failure warned once and its recovery told,
     * finalizers held exactly until nothing of the Service is left, nothing leaked.
     *
     * @param writes the count of write calls the fake has seen so far
     */
    void convergeAndCheck(String label, LoadBalancerProvider provider, Faults faults, IntSupplier writes,
                          ToIntFunction<String> ownedBy) {
        provider.reportTo(metrics);
        int failures = 0;
        for (int loop = 1; loop <= FAULT_LOOPS; loop++) {
            churn(10);
            failures += loop(provider, loop % RESYNC_EVERY == 0, ownedBy);
        }
        faults.failing(0);
        int calm = 0;
        int failed;
        int written;
        do {
            calm++;
            int writesBefore = writes.getAsInt();
            failed = loop(provider, calm == 1, ownedBy);
            written = writes.getAsInt() - writesBefore;
        } while ((failed > 0 || written > 0) && calm < MAX_CALM_LOOPS);
        int leaked = leaked(ownedBy);
        System.out.printf("%s convergence: %s; %d Services made, %d ensure/delete attempts failed under faults"
                + " (%s); converged in %d loop(s) after the faults stopped; %d resource(s) leaked; %d adopted, %d repaired,"
                + " %d cleaned%n", label, faults, created, failures, tally, calm, leaked, counted(label, Action.ADOPT),
                counted(label, Action.REPAIR), counted(label, Action.CLEAN));

        assertThat(failed).as("failures in the last calm loop").isZero();
        assertThat(tally.warnedMoreThanOncePerFailure()).as("Services warned more than once per failure").isEmpty();
        assertThat(tally.neverToldTheyRecovered()).as("Services still warned of a failure they recovered from").isEmpty();
        assertThat(written).as("writes in the last calm loop").isZero();
        assertThat(deleting()).as("deleted Services still holding their finalizer").isEmpty();
        assertThat(releasedTooEarly).as("finalizers released while something of the Service was left").isEmpty();
        assertThat(leaked).isZero();
    }

    /** {@code gatehouse_lb_resources_total} of the provider, summed over the AWS kinds of resource. */
    long counted(String provider, Action action) {
        return KINDS.stream().mapToLong(kind -> metrics.count(provider, kind, action)).sum();
    }

    /** Each Service's attempts beside the Warnings and recoveries reported for it. */
    EventTally tally() {
        return tally;
    }

    /** Everything the cloud still holds for Services that are gone: one count per resource. */
    int leaked(ToIntFunction<String> ownedBy) {
        int leaked = 0;
        for (int i = 1; i <= created; i++) {
            if (!live.containsKey(uid(i))) {
                leaked += ownedBy.applyAsInt(uid(i));
            }
        }
        return leaked;
    }

    private static String uid(int n) {
        return String.format("%08d-1111-4222-8333-444455556666", n);
    }

    Collection<Wanted> live() {
        return live.values();
    }

    /** Deleted Services whose finalizer is still held. */
    Collection<Wanted> deleting() {
        return deleting.values();
    }

    /** Services whose finalizer was released while something of theirs was left. */
    List<String> releasedTooEarly() {
        return releasedTooEarly;
    }

    int created() {
        return created;
    }
}
