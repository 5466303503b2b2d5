package dev.gatehouse.dns.azure;

import dev.gatehouse.cloud.fake.azure.AzureDnsModel;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsEvents;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.DnsSyncException;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.Plan;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Azure DNS writes record set by record set, so one Ingress's records can fail while another's go through: each
 * Ingress hears of its own records only, once while the same write keeps failing the same way, and once when they
 * go through again.
 */
class AzureFailuresPerIngressTest {

    private static final String ZONE = "example.com";
    private static final String WEB = "ingress/shop/web";
    private static final String API = "ingress/shop/api";
    private static final String DENIED = ArmStub.error("AuthorizationFailed", "The client does not have authorization"
            + " to perform action 'Microsoft.Network/dnszones/A/write' over scope 'web'.");

    private final AzureDnsModel model = new AzureDnsModel();
    private final WireMockServer arm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .httpDisabled(true).dynamicHttpsPort().jettyAcceptors(1).extensions(model));
    private final List<String> events = new ArrayList<>();
    private final List<Desired> desired = List.of(
            new Desired(DnsRecord.of("web.example.com", RecordType.A, 300, "192.0.2.10"), WEB),
            new Desired(DnsRecord.of("api.example.com", RecordType.A, 300, "192.0.2.11"), API));
    private DnsReconciler sync;

    @BeforeEach
    void start() {
        arm.start();
        arm.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(AzureDnsModel.NAME)));
        model.zone(ZONE);
        AzureDnsProvider provider = AzureDnsProvider.create(ArmStub.settings("https://127.0.0.1:" + arm.httpsPort()).build());
        sync = new DnsReconciler(provider, DnsSyncSettings.defaults("gatehouse-test"), recording(), Clock.systemUTC(),
                new PrometheusRegistry());
    }

    @AfterEach
    void stop() {
        arm.stop();
    }

    @Test
    void anIngressWhoseRecordKeepsBeingRefusedIsWarnedOnceAndItsNeighbourNotAtAll() {
        StubMapping refused = refuse("/A/web");

        for (int loop = 0; loop < 3; loop++) {
            assertThatThrownBy(() -> sync.reconcile(desired)).isInstanceOfSatisfying(DnsSyncException.class,
                    failure -> assertThat(failure.objects()).containsOnlyKeys(WEB));
        }
        arm.removeStub(refused);
        sync.reconcile(desired);

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("failed " + WEB + ": azure zone example.com: 1 write(s) of its record sets"
                + " failed: create web.example.com A").contains("HTTP 403 AuthorizationFailed").doesNotContain("api");
        assertThat(events.get(1)).isEqualTo("recovered " + WEB);
        assertThat(model.recordSets(ZONE)).containsKeys("A/web", "A/api", "TXT/a-web", "TXT/a-api");
    }

    @Test
    void anIngressWhoseRecordsWaitForAnotherIngressesRefusedClaimIsToldItWaits() {
        StubMapping refused = refuse("/TXT/a-web");

        assertThatThrownBy(() -> sync.reconcile(desired)).isInstanceOf(DnsSyncException.class);
        assertThatThrownBy(() -> sync.reconcile(desired)).isInstanceOf(DnsSyncException.class);
        arm.removeStub(refused);
        sync.reconcile(desired);

        assertThat(events).containsExactlyInAnyOrder(
                "failed " + API + ": azure zone example.com: its record sets wait until the zone's ownership records"
                        + " and deletes are written, and some of those failed",
                "failed " + WEB + ": azure zone example.com: 1 write(s) of its record sets failed: create"
                        + " a-web.example.com TXT (If-None-Match *): HTTP 403 AuthorizationFailed: The client does not"
                        + " have authorization to perform action 'Microsoft.Network/dnszones/A/write' over scope 'web'.",
                "recovered " + API,
                "recovered " + WEB);
    }

    private StubMapping refuse(String recordSet) {
        return arm.stubFor(put(urlPathMatching(".*/dnsZones/" + ZONE + recordSet)).atPriority(1)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody(DENIED)));
    }

    private DnsEvents recording() {
        return new DnsEvents() {
            @Override
            public void skipped(Zone zone, Plan.Skip skip) {
            }

            @Override
            public void deletesHeld(Zone zone, String reason) {
            }

            @Override
            public void applied(Zone zone, Plan.Step step) {
            }

            @Override
            public void failed(Zone zone, String resource, String message) {
                events.add("failed " + resource + ": " + message);
            }

            @Override
            public void recovered(Zone zone, String resource) {
                events.add("recovered " + resource);
            }

            @Override
            public void noZone(Desired want) {
            }
        };
    }
}
