package dev.gatehouse.cloudlb.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.NodeTarget;
import dev.gatehouse.cloudlb.ResourceMetrics;
import dev.gatehouse.cloudsdk.FailureReports;
import dev.gatehouse.cloudsdk.testing.EventTally;
import dev.gatehouse.cloudsdk.testing.Faults;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fifty Services created, changed and deleted in random order while 30% of ARM calls fail (5xx, throttling,
 * connection resets, writes whose answer is lost, operations that end Failed or Canceled), every write a
 * long-running operation and every list paged; then the faults stop. The loops drive the provider as the
 * reconciler does: a Service is ensured when its request changed or its last attempt failed, and all of them
 * at each resync; a deleted Service's finalizer is released when {@code ensureDeleted} returns; a failure is a
 * Warning when {@link FailureReports} says it is news, as the reconciler's Events are. Within a bounded number of
 * loops Azure must hold exactly what the Services ask for, nothing that nobody owns, and everything that was not
 * ours as it was; and no Service may have had more Warnings than distinct failures.
 */
class AzureConvergenceTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private static final int SERVICES = 50;
    /** Loops under faults: 2 minutes at one loop per 10 s of simulated time. */
    private static final int FAULT_LOOPS = 12;
    private static final int RESYNC_EVERY = 6;
    private static final int MAX_CALM_LOOPS = 8;
    private static final List<NodeTarget> NODES = List.of(TestService.NODE_1, TestService.NODE_2, TestService.NODE_3);

    private final Faults faults = Faults.fromProperty(29);
    private final Random scenario = new Random(faults.seed());
    private final Map<String, Wanted> live = new LinkedHashMap<>();
    private final Map<String, Wanted> deleting = new LinkedHashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private final List<String> releasedTooEarly = new ArrayList<>();
    private final FailureReports reports = new FailureReports();
    private final EventTally tally = new EventTally();
    private int created;

    /** A Service as the test wants it: ports by number, each with its node port. */
    private static final class Wanted {
        final String name;
        final String uid;
        final Map<Integer, Integer> ports = new LinkedHashMap<>();
        List<NodeTarget> nodes = List.of(TestService.NODE_1, TestService.NODE_2);

        Wanted(String name, String uid) {
            this.name = name;
            this.uid = uid;
        }

        TestService service() {
            TestService service = TestService.named(name, uid).nodes(nodes.toArray(NodeTarget[]::new));
            ports.forEach((port, nodePort) -> service.port("TCP", port, nodePort));
            return service;
        }
    }

    @Test
    void fiftyServicesConvergeToExactlyWhatTheyAskForAfterTwoMinutesOfThirtyPercentFaults() {
        ObjectNode foreignIp = ARM.model().seed(FakeArm.publicIpPath("someone-elses-ip"),
                "{\"location\":\"westeurope\",\"properties\":{\"ipAddress\":\"20.1.1.1\"}}");
        ObjectNode foreignLb = ARM.model().seed(FakeArm.loadBalancerPath("other-cluster"),
                "{\"location\":\"westeurope\",\"tags\":{\"kubernetes-cluster-other\":\"owned\"},\"properties\":{}}");
        ARM.model().operations().pollsBeforeDone(1);
        ARM.model().pageSize(4);
        ARM.model().faults(faults.failing(0.3));
        LoadBalancerProvider provider = ARM.azure().provider();
        ResourceMetrics metrics = new ResourceMetrics(new PrometheusRegistry());
        provider.reportTo(metrics);

        int failures = 0;
        for (int loop = 1; loop <= FAULT_LOOPS; loop++) {
            for (int change = 0; change < 10; change++) {
                change();
            }
            failures += loop(provider, loop % RESYNC_EVERY == 0).failed();
        }
        faults.failing(0);
        int calm = 0;
        Result last;
        do {
            calm++;
            int writesBefore = ARM.model().writes();
            last = loop(provider, calm == 1);
            last = new Result(last.failed(), ARM.model().writes() - writesBefore);
        } while ((last.failed() > 0 || last.writes() > 0) && calm < MAX_CALM_LOOPS);
        int leaked = leaked();
        System.out.printf("azure load balancer convergence: %s; %d Services made, %d ensure/delete attempts failed"
                + " under faults (%s); converged in %d loop(s) after the faults stopped; %d resource(s) leaked; %d public"
                + " IP(s) adopted, %d load balancer(s) and %d public IP(s) repaired%n", faults, created, failures, tally,
                calm, leaked, metrics.count("azure", "public-ip", Action.ADOPT),
                metrics.count("azure", "load-balancer", Action.REPAIR), metrics.count("azure", "public-ip", Action.REPAIR));
        assertThat(metrics.count("azure", "public-ip", Action.ADOPT)).as("public IPs adopted after a lost answer")
                .isPositive();

        assertThat(last.failed()).as("failures in the last calm loop").isZero();
        assertThat(tally.warnedMoreThanOncePerFailure()).as("Services warned more than once per failure").isEmpty();
        assertThat(tally.neverToldTheyRecovered()).as("Services still warned of a failure they recovered from").isEmpty();
        assertThat(last.writes()).as("writes in the last calm loop").isZero();
        assertThat(deleting).as("deleted Services still holding their finalizer").isEmpty();
        assertThat(releasedTooEarly).as("finalizers released while something of the Service was left").isEmpty();
        assertThat(ownedPublicIps()).isEqualTo(wantedPrefixes());
        assertThat(parts("frontendIPConfigurations")).isEqualTo(wantedPrefixes());
        assertThat(parts("loadBalancingRules")).isEqualTo(wantedPorts());
        assertThat(parts("probes")).isEqualTo(wantedPorts());
        assertThat(leaked).isZero();
        assertThat(ARM.model().all().values()).extracting(r -> r.path("properties").path("provisioningState").asText())
                .containsOnly("Succeeded");
        assertThat(ARM.model().get(FakeArm.publicIpPath("someone-elses-ip"))).isEqualTo(foreignIp);
        assertThat(ARM.model().get(FakeArm.loadBalancerPath("other-cluster"))).isEqualTo(foreignLb);
    }

    private void change() {
        int roll = scenario.nextInt(10);
        List<String> names = new ArrayList<>(live.keySet());
        if (created < SERVICES && (roll < 6 || names.isEmpty())) {
            created++;
            Wanted wanted = new Wanted("svc-" + created, String.format("00000000-0000-4000-8000-%012d", created));
            wanted.ports.put(80, 30000 + created);
            live.put(wanted.uid, wanted);
            dirty.add(wanted.uid);
        } else if (!names.isEmpty() && roll < 8) {
            Wanted wanted = live.get(names.get(scenario.nextInt(names.size())));
            if (wanted.ports.size() == 1 || scenario.nextBoolean()) {
                wanted.ports.put(443, 31000 + Integer.parseInt(wanted.name.substring(4)));
            } else {
                wanted.ports.remove(443);
            }
            wanted.nodes = NODES.subList(0, 1 + scenario.nextInt(NODES.size()));
            dirty.add(wanted.uid);
        } else if (!names.isEmpty()) {
            String uid = names.get(scenario.nextInt(names.size()));
            deleting.put(uid, live.remove(uid));
            dirty.remove(uid);
        }
    }

    private record Result(int failed, int writes) {
    }

    private Result loop(LoadBalancerProvider provider, boolean resync) {
        int failed = 0;
        for (Wanted wanted : new ArrayList<>(live.values())) {
            if (!resync && !dirty.contains(wanted.uid)) {
                continue;
            }
            try {
                provider.ensure(wanted.service().request());
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
                provider.ensureDeleted(wanted.service().request());
                if (anythingNamedAfter(wanted.service().prefix())) {
                    releasedTooEarly.add(wanted.name);
                }
                deleting.remove(wanted.uid);
                succeeded(wanted.uid);
            } catch (LoadBalancerException e) {
                failed(wanted.uid, e);
                failed++;
            }
        }
        return new Result(failed, 0);
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

    private Set<String> wantedPrefixes() {
        Set<String> prefixes = new TreeSet<>();
        live.values().forEach(w -> prefixes.add(w.service().prefix()));
        return prefixes;
    }

    private Set<String> wantedPorts() {
        Set<String> names = new TreeSet<>();
        live.values().forEach(w -> w.ports.keySet().forEach(port -> names.add(w.service().prefix() + "-TCP-" + port)));
        return names;
    }

    private Set<String> ownedPublicIps() {
        Set<String> names = new TreeSet<>();
        ARM.model().all().values().stream()
                .filter(r -> r.path("type").asText().equals("Microsoft.Network/publicIPAddresses"))
                .filter(r -> r.path("tags").has("kubernetes-cluster-" + FakeArm.CLUSTER)
                        || r.path("tags").size() > 0 && !r.path("name").asText().equals("someone-elses-ip"))
                .forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    private Set<String> parts(String collection) {
        Set<String> names = new TreeSet<>();
        ObjectNode prod = ARM.model().get(FakeArm.loadBalancerPath(FakeArm.CLUSTER));
        if (prod != null) {
            prod.path("properties").path(collection).forEach(part -> names.add(part.path("name").asText()));
        }
        return names;
    }

    /** Resources and parts named after no live Service, other than the shared pool and what is not ours. */
    private int leaked() {
        Set<String> wanted = wantedPrefixes();
        int leaked = 0;
        for (ObjectNode resource : ARM.model().all().values()) {
            String name = resource.path("name").asText();
            if (name.equals("someone-elses-ip") || name.equals("other-cluster")) {
                continue;
            }
            if (resource.path("type").asText().endsWith("publicIPAddresses") && !wanted.contains(name)) {
                leaked++;
            }
            for (String collection : List.of("frontendIPConfigurations", "loadBalancingRules", "probes",
                    "backendAddressPools")) {
                for (JsonNode part : resource.path("properties").path(collection)) {
                    String partName = part.path("name").asText();
                    boolean shared = collection.equals("backendAddressPools") && partName.equals(FakeArm.CLUSTER);
                    if (!shared && wanted.stream().noneMatch(p -> partName.equals(p) || partName.startsWith(p + "-"))) {
                        leaked++;
                    }
                }
            }
        }
        return leaked;
    }

    private static boolean anythingNamedAfter(String prefix) {
        return ARM.model().all().values().stream().anyMatch(resource -> resource.path("name").asText().equals(prefix)
                || StreamSupport.stream(resource.path("properties").spliterator(), false)
                .filter(JsonNode::isArray).flatMap(parts -> StreamSupport.stream(parts.spliterator(), false))
                .anyMatch(part -> part.path("name").asText().startsWith(prefix)));
    }
}
