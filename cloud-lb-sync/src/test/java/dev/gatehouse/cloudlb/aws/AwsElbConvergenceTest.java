package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudsdk.testing.Faults;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fifty Services on classic load balancers ({@code aws-elb}) created, changed and deleted in random order while
 * 30% of ELB and EC2 calls fail (500 InternalFailure, 503 ServiceUnavailable, Throttling, RequestLimitExceeded, connection
 * resets, writes applied whose answer is lost) and what was just made stays out of describe calls for a while;
 * then the faults stop. The loops drive the provider as the reconciler does (a Service is ensured when its
 * request changed or its last attempt failed, all of them at each resync; a deleted Service's finalizer is
 * released when {@code ensureDeleted} returns). Within a bounded number of loops AWS must hold exactly what the
 * Services ask for, nothing tagged ours that no Service owns, and what is not ours as it was.
 */
class AwsElbConvergenceTest {

    private static final int SERVICES = 50;
    private static final int FAULT_LOOPS = 12;
    private static final int RESYNC_EVERY = 6;
    private static final int MAX_CALM_LOOPS = 8;

    private final Faults faults = Faults.fromProperty(57);
    private final Random scenario = new Random(faults.seed());
    private final Map<String, Wanted> live = new LinkedHashMap<>();
    private final Map<String, Wanted> deleting = new LinkedHashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private final List<String> releasedTooEarly = new ArrayList<>();
    private FakeAws aws;
    private AwsProviders providers;
    private int created;

    private static final class Wanted {
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

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void fiftyServicesConvergeToExactlyWhatTheyAskForAfterTwoMinutesOfThirtyPercentFaults() {
        FakeElb.LoadBalancer foreign = aws.elb.addLoadBalancer("someone-elses", "subnet-0a1", Map.of("team", "data"));
        FakeEc2.Group foreignGroup = aws.ec2.addGroup("someone-elses-sg", "vpc-1", Map.of("team", "data"));
        aws.consistency.lag(2);
        aws.faults(faults.failing(0.3));
        LoadBalancerProvider elb = providers.elb();

        int failures = 0;
        for (int loop = 1; loop <= FAULT_LOOPS; loop++) {
            for (int change = 0; change < 10; change++) {
                change();
            }
            failures += loop(elb, loop % RESYNC_EVERY == 0);
        }
        faults.failing(0);
        int calm = 0;
        int failed;
        int writes;
        do {
            calm++;
            int writesBefore = aws.writes().size();
            failed = loop(elb, calm == 1);
            writes = aws.writes().size() - writesBefore;
        } while ((failed > 0 || writes > 0) && calm < MAX_CALM_LOOPS);
        int leaked = leaked();
        System.out.printf("aws-elb convergence: %s; %d Services made, %d ensure/delete attempts failed under faults;"
                + " converged in %d loop(s) after the faults stopped; %d resource(s) leaked%n", faults, created,
                failures, calm, leaked);

        assertThat(failed).as("failures in the last calm loop").isZero();
        assertThat(writes).as("writes in the last calm loop").isZero();
        assertThat(deleting).as("deleted Services still holding their finalizer").isEmpty();
        assertThat(releasedTooEarly).as("finalizers released while something of the Service was left").isEmpty();
        assertThat(leaked).isZero();
        for (Wanted wanted : live.values()) {
            Names names = Names.of(wanted.request().build(), new AwsCalls("test"));
            List<FakeElb.LoadBalancer> balancers = aws.elb.loadBalancers().stream()
                    .filter(lb -> lb.name.equals(names.loadBalancer())).toList();
            assertThat(balancers).as("load balancers of " + wanted.name).hasSize(1);
            assertThat(balancers.get(0).listeners.keySet()).containsExactlyInAnyOrderElementsOf(wanted.ports.keySet());
            assertThat(balancers.get(0).instances).as("instances of " + wanted.name).hasSize(wanted.nodes.size());
        }
        assertThat(aws.elb.loadBalancer("someone-elses")).get().isSameAs(foreign);
        assertThat(aws.ec2.groupNamed("someone-elses-sg")).get().isSameAs(foreignGroup);
    }

    private void change() {
        int roll = scenario.nextInt(10);
        List<String> uids = new ArrayList<>(live.keySet());
        if (created < SERVICES && (roll < 6 || uids.isEmpty())) {
            created++;
            Wanted wanted = new Wanted("svc-" + created, String.format("%08d-1111-4222-8333-444455556666", created));
            wanted.ports.put(80, 30000 + created);
            live.put(wanted.uid, wanted);
            dirty.add(wanted.uid);
        } else if (!uids.isEmpty() && roll < 8) {
            Wanted wanted = live.get(uids.get(scenario.nextInt(uids.size())));
            if (wanted.ports.size() == 1 || scenario.nextBoolean()) {
                wanted.ports.put(443, 31000 + Integer.parseInt(wanted.name.substring(4)));
            } else {
                wanted.ports.remove(443);
            }
            wanted.nodes = scenario.nextBoolean() ? List.of("0a", "0b") : List.of("0a", "0b", "0c");
            dirty.add(wanted.uid);
        } else if (!uids.isEmpty()) {
            String uid = uids.get(scenario.nextInt(uids.size()));
            deleting.put(uid, live.remove(uid));
            dirty.remove(uid);
        }
    }

    private int loop(LoadBalancerProvider elb, boolean resync) {
        int failed = 0;
        for (Wanted wanted : new ArrayList<>(live.values())) {
            if (!resync && !dirty.contains(wanted.uid)) {
                continue;
            }
            try {
                elb.ensure(wanted.request().build());
                dirty.remove(wanted.uid);
            } catch (LoadBalancerException e) {
                dirty.add(wanted.uid);
                failed++;
            }
        }
        for (Wanted wanted : new ArrayList<>(deleting.values())) {
            try {
                elb.ensureDeleted(wanted.request().build());
                if (ownedBy(wanted.uid) > 0) {
                    releasedTooEarly.add(wanted.name);
                }
                deleting.remove(wanted.uid);
            } catch (LoadBalancerException e) {
                failed++;
            }
        }
        return failed;
    }

    /** Load balancers and security groups made for the Service with this uid. */
    private int ownedBy(String uid) {
        Names names = Names.of(new Wanted("x", uid).request().build(), new AwsCalls("test"));
        return (int) (aws.elb.loadBalancers().stream().filter(lb -> lb.name.equals(names.loadBalancer())).count()
                + aws.ec2.groups().stream().filter(g -> g.name.equals(names.securityGroup(ElbProvider.SECURITY_GROUP_KIND)))
                .count());
    }

    /** Everything tagged as this cluster's whose Service is gone: one count per resource. */
    private int leaked() {
        Set<String> gone = new TreeSet<>();
        for (int i = 1; i <= created; i++) {
            String uid = String.format("%08d-1111-4222-8333-444455556666", i);
            if (!live.containsKey(uid)) {
                gone.add(uid);
            }
        }
        return gone.stream().mapToInt(this::ownedBy).sum();
    }
}
