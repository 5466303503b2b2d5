package dev.gatehouse.dns.azure;

import dev.gatehouse.cloud.fake.azure.AzureDnsModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.gatehouse.cloudsdk.testing.Faults;
import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.dns.testing.HostnameChurn;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hundred hostnames of fifty Ingresses created, changed and deleted in random order while 30% of Azure DNS
 * calls fail (500, 503, 429, resets, writes applied whose answer is lost, so that a retried create meets
 * {@code If-None-Match: *} and a retried update a stale {@code If-Match}); lists come in pages of 40. Then the
 * faults stop. Within a bounded number of loops the zone must hold exactly the desired records with one registry
 * TXT each, and what is not ours (the zone's SOA and NS, someone else's records) exactly as it was, ETags included.
 * Each Ingress is told only of its own record sets, so an Ingress whose records went through in a loop that failed
 * for others hears nothing, and Warnings stay well below the Ingresses of the loops that failed.
 */
class AzureDnsConvergenceTest {

    private static final int HOSTNAMES = 200;
    private static final int FAULT_LOOPS = 12;
    private static final int MAX_CALM_LOOPS = 8;
    private static final String OWNER = "gatehouse-test";
    private static final String ZONE = "example.com";

    private final Faults faults = Faults.fromProperty(29);
    private final HostnameChurn churn = new HostnameChurn(faults.seed(), HOSTNAMES, "example.com");
    private final AzureDnsModel model = new AzureDnsModel();
    private final WireMockServer arm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .httpDisabled(true).dynamicHttpsPort().jettyAcceptors(1).extensions(model));

    @AfterEach
    void stop() {
        arm.stop();
    }

    @Test
    void twoHundredHostnamesConvergeToExactlyTheDesiredRecordsAfterTwoMinutesOfThirtyPercentFaults() {
        arm.start();
        arm.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withTransformers(AzureDnsModel.NAME)));
        model.zone(ZONE);
        model.pageSize(40);
        AzureDnsProvider provider = AzureDnsProvider.create(
                ArmStub.settings("https://127.0.0.1:" + arm.httpsPort()).build());
        Zone zone = provider.zones().get(0);
        provider.records(zone);
        provider.apply(zone, new Changes(List.of(
                DnsRecord.of("foreign.example.com", RecordType.A, 60, "198.51.100.7"),
                DnsRecord.of("theirs.example.com", RecordType.A, 60, "198.51.100.8"),
                DnsRecord.of("a-theirs.example.com", RecordType.TXT, 60,
                        "heritage=external-dns,external-dns/owner=someone-else,external-dns/resource=ingress/x/y")),
                List.of(), List.of()));
        Map<String, ObjectNode> foreign = model.recordSets(ZONE);
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
            int before = model.appliedWrites();
            settled = churn.loop(sync) && model.appliedWrites() == before;
        } while (!settled && calm < MAX_CALM_LOOPS);

        Map<String, ObjectNode> zoneNow = model.recordSets(ZONE);
        Set<String> ours = zoneNow.keySet().stream().filter(k -> !foreign.containsKey(k))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> wanted = new TreeSet<>();
        churn.desired().values().forEach(d -> {
            String relative = d.record().name().substring(0, d.record().name().length() - ZONE.length() - 1);
            wanted.add("A/" + relative);
            wanted.add("TXT/a-" + relative);
        });
        int leaked = (int) ours.stream().filter(k -> !wanted.contains(k)).count();
        System.out.printf("azure dns convergence: %s; %d hostnames made, %d loops failed under faults"
                + " (%d Ingresses in them), %s, %d writes refused by a precondition; converged in %d loop(s) after the"
                + " faults stopped; %d record set(s) leaked%n", faults, churn.created(), failedLoops,
                churn.ingressesInFailedLoops(), churn.tally(), model.preconditionsFailed(), calm, leaked);

        assertThat(settled).as("a calm loop with nothing to write").isTrue();
        assertThat(churn.tally().warnedMoreThanOncePerFailure()).as("Ingresses warned more than once per failure")
                .isEmpty();
        assertThat(churn.tally().warnings()).as("Warnings, against the Ingresses of the loops that failed")
                .isLessThan(churn.ingressesInFailedLoops() / 2);
        assertThat(churn.tally().neverToldTheyRecovered()).as("Ingresses still warned of a failure they recovered from")
                .isEmpty();
        assertThat(ours).isEqualTo(wanted);
        for (Desired want : churn.desired().values()) {
            String relative = want.record().name().substring(0, want.record().name().length() - ZONE.length() - 1);
            List<String> addresses = new ArrayList<>();
            for (JsonNode record : zoneNow.get("A/" + relative).path("properties").path("ARecords")) {
                addresses.add(record.path("ipv4Address").asText());
            }
            assertThat(addresses).containsExactlyInAnyOrderElementsOf(want.record().targets());
        }
        foreign.forEach((key, set) -> assertThat(zoneNow.get(key)).isEqualTo(set));
    }
}
