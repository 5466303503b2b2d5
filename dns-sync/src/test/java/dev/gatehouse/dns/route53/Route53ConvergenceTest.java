package dev.gatehouse.dns.route53;

import dev.gatehouse.cloud.fake.aws.Route53Model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cloudsdk.testing.Faults;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.dns.testing.HostnameChurn;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two hundred hostnames of fifty Ingresses created, changed and deleted in random order while 30% of Route 53
 * calls fail (500, 503, Throttling, PriorRequestNotComplete, resets, batches applied whose answer is lost) and
 * every change stays PENDING for two GetChange calls; then the faults stop. Within a bounded number of loops the
 * zone must hold exactly the desired records with one registry TXT each, and what is not ours as it was.
 */
class Route53ConvergenceTest {

    private static final int HOSTNAMES = 200;
    private static final int FAULT_LOOPS = 12;
    private static final int MAX_CALM_LOOPS = 8;
    private static final String OWNER = "gatehouse-test";

    private final Faults faults = Faults.fromProperty(71);
    private final HostnameChurn churn = new HostnameChurn(faults.seed(), HOSTNAMES, "example.com");

    @Test
    void twoHundredHostnamesConvergeToExactlyTheDesiredRecordsAfterTwoMinutesOfThirtyPercentFaults() {
        Route53Model model = new Route53Model();
        model.zone("Z1", "example.com.");
        model.pageSize(40);
        model.pendingPolls(2);
        try (FakeRoute53 route53 = new FakeRoute53(model);
             Route53Provider provider = route53.provider(route53.settings().waitForChange(true)
                     .changePollInterval(Duration.ofMillis(5)).changeWaitTimeout(Duration.ofSeconds(5)).build())) {
            Zone zone = provider.zones().get(0);
            provider.apply(zone, new dev.gatehouse.dns.Changes(List.of(
                    DnsRecord.of("foreign.example.com", RecordType.A, 60, "198.51.100.7"),
                    DnsRecord.of("theirs.example.com", RecordType.A, 60, "198.51.100.8"),
                    DnsRecord.of("a-theirs.example.com", RecordType.TXT, 60,
                            "heritage=external-dns,external-dns/owner=someone-else,external-dns/resource=ingress/x/y")),
                    List.of(), List.of()));
            Map<String, Route53Model.Set> foreign = Map.copyOf(model.records("Z1"));
            DnsReconciler sync = new DnsReconciler(provider, DnsSyncSettings.defaults(OWNER)
                    .withSafety(1.0, 1, Duration.ZERO), churn.events(), churn.clock(), new PrometheusRegistry());
            model.faults(faults.failing(0.3));

            int failedLoops = 0;
            for (int loop = 1; loop <= FAULT_LOOPS; loop++) {
                churn.churn(30);
                failedLoops += churn.loop(sync) ? 0 : 1;
            }
            faults.failing(0);
            int calm = 0;
            boolean settled;
            do {
                calm++;
                int before = model.appliedBatches();
                settled = churn.loop(sync) && model.appliedBatches() == before;
            } while (!settled && calm < MAX_CALM_LOOPS);

            Map<String, Route53Model.Set> zoneNow = model.records("Z1");
            Set<String> ours = zoneNow.keySet().stream().filter(k -> !foreign.containsKey(k))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> wanted = new TreeSet<>();
            churn.desired().values().forEach(d -> {
                wanted.add(d.record().name() + ". A");
                wanted.add("a-" + d.record().name() + ". TXT");
            });
            int leaked = (int) ours.stream().filter(k -> !wanted.contains(k)).count();
            System.out.printf("route53 convergence: %s; %d hostnames made, %d loops failed under faults, %s"
                    + "; converged in %d loop(s) after the faults stopped; %d record set(s) leaked%n", faults,
                    churn.created(), failedLoops, churn.tally(), calm, leaked);

            assertThat(settled).as("a calm loop with nothing to write").isTrue();
            assertThat(churn.tally().warnedMoreThanOncePerFailure()).as("Ingresses warned more than once per failure")
                    .isEmpty();
            assertThat(churn.tally().neverToldTheyRecovered()).as("Ingresses still warned of a failure they recovered from")
                    .isEmpty();
            assertThat(ours).isEqualTo(wanted);
            for (Desired want : churn.desired().values()) {
                assertThat(zoneNow.get(want.record().name() + ". A").values())
                        .containsExactlyInAnyOrderElementsOf(want.record().targets());
            }
            foreign.forEach((key, set) -> assertThat(zoneNow.get(key)).isEqualTo(set));
        }
    }
}
