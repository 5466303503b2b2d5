package dev.gatehouse.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cloudsdk.testing.Faults;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.RecordKey;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.dns.testing.BindServer;
import dev.gatehouse.dns.testing.LossyTcpProxy;
import dev.gatehouse.dns.testing.HostnameChurn;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hundred hostnames created, changed and deleted in random order against a real BIND 9 behind a TCP proxy
 * that spoils 30% of connections (reset before the request reaches BIND, or reset after BIND applied an update
 * and answered); zone reads (AXFR) go through the proxy too, and updates carry ten record sets each so that a
 * loop sends many messages. Then the proxy stops dropping. Within a bounded
 * number of loops the zone must hold exactly the desired records with one registry TXT each, and the records
 * that are not ours as they were.
 */
class Rfc2136ConvergenceTest {

    private static final int HOSTNAMES = 200;
    private static final int FAULT_LOOPS = 12;
    private static final int MAX_CALM_LOOPS = 8;
    private static final String OWNER = "gatehouse-test";
    private static final String ZONE = "lossy.test";

    @TempDir
    Path directory;

    private final Faults faults = Faults.fromProperty(2136);
    private final HostnameChurn churn = new HostnameChurn(faults.seed(), HOSTNAMES, ZONE);

    @Test
    void twoHundredHostnamesConvergeToExactlyTheDesiredRecordsAfterThirtyPercentOfConnectionsWereDropped()
            throws Exception {
        try (BindServer bind = BindServer.start(directory, BindServer.Zone.of(ZONE,
                     "hand 300 IN A 192.0.2.50",
                     "theirs 300 IN A 192.0.2.60",
                     "a-theirs 300 IN TXT \"heritage=external-dns,external-dns/owner=other-cluster,"
                             + "external-dns/resource=ingress/default/theirs\""));
             LossyTcpProxy proxy = LossyTcpProxy.start(bind.port(), faults)) {
            Rfc2136Provider direct = Rfc2136Provider.create(Rfc2136Settings.of("127.0.0.1", bind.port(), List.of(ZONE),
                    BindServer.KEY_NAME, bind.secret()));
            Rfc2136Provider lossy = Rfc2136Provider.create(Rfc2136Settings.of("127.0.0.1", proxy.port(),
                    List.of(ZONE), BindServer.KEY_NAME, bind.secret()).withMaxRecordsPerUpdate(10));
            Zone zone = direct.zones().get(0);
            Map<RecordKey, DnsRecord> foreign = byKey(direct.records(zone));
            DnsReconciler sync = new DnsReconciler(lossy, DnsSyncSettings.defaults(OWNER)
                    .withSafety(1.0, 1, Duration.ZERO), churn.events(), churn.clock(), new PrometheusRegistry());
            faults.failing(0.3);

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
                long before = bind.serial(ZONE);
                settled = churn.loop(sync) && bind.serial(ZONE) == before;
            } while (!settled && calm < MAX_CALM_LOOPS);

            Map<RecordKey, DnsRecord> zoneNow = byKey(direct.records(zone));
            Set<RecordKey> ours = zoneNow.keySet().stream().filter(k -> !foreign.containsKey(k))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<RecordKey> wanted = new TreeSet<>();
            churn.desired().values().forEach(d -> {
                wanted.add(d.record().key());
                wanted.add(new RecordKey("a-" + d.record().name(), RecordType.TXT));
            });
            int leaked = (int) ours.stream().filter(k -> !wanted.contains(k)).count();
            System.out.printf("rfc2136 convergence: %s; %d hostnames made, %d loops failed under faults, %s"
                    + "; converged in %d loop(s) after the faults stopped; %d record set(s) leaked%n", faults,
                    churn.created(), failedLoops, churn.tally(), calm, leaked);

            assertThat(settled).as("a calm loop with nothing to write").isTrue();
            assertThat(churn.tally().warnedMoreThanOncePerFailure()).as("Ingresses warned more than once per failure")
                    .isEmpty();
            assertThat(churn.tally().neverToldTheyRecovered()).as("Ingresses still warned of a failure they recovered from")
                    .isEmpty();
            assertThat(ours).isEqualTo(wanted);
            for (Desired want : churn.desired().values()) {
                assertThat(zoneNow.get(want.record().key()).targets())
                        .containsExactlyInAnyOrderElementsOf(want.record().targets());
            }
            foreign.forEach((key, record) -> assertThat(zoneNow.get(key)).isEqualTo(record));
        }
    }

    private static Map<RecordKey, DnsRecord> byKey(List<DnsRecord> records) {
        return records.stream().collect(Collectors.toMap(DnsRecord::key, Function.identity(), (a, b) -> a,
                TreeMap::new));
    }
}
