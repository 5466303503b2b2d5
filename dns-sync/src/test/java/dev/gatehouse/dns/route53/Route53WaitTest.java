package dev.gatehouse.dns.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.gatehouse.dns.route53.FakeRoute53.API;
import static dev.gatehouse.dns.route53.FakeRoute53.changeStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Route53WaitTest {

    private static final Zone ZONE = new Zone("Z1", "example.com");
    private static final Changes CREATE_WWW = new Changes(
            List.of(DnsRecord.of("www.example.com", RecordType.A, 300, "192.0.2.1")), List.of(), List.of());

    private static FakeRoute53 route53;

    @BeforeAll
    static void start() {
        route53 = new FakeRoute53();
    }

    @AfterAll
    static void stop() {
        route53.close();
    }

    @BeforeEach
    void reset() {
        route53.reset();
        route53.acceptChanges("Z1", "C42");
    }

    @Test
    void waitsUntilRoute53ReportsTheChangeInSync() {
        route53.server().stubFor(get(urlPathEqualTo(API + "/change/C42")).inScenario("sync").whenScenarioStateIs(STARTED)
                .willReturn(changeStatus("C42", "PENDING")).willSetStateTo("still pending"));
        route53.server().stubFor(get(urlPathEqualTo(API + "/change/C42")).inScenario("sync")
                .whenScenarioStateIs("still pending")
                .willReturn(changeStatus("C42", "PENDING")).willSetStateTo("done"));
        route53.server().stubFor(get(urlPathEqualTo(API + "/change/C42")).inScenario("sync").whenScenarioStateIs("done")
                .willReturn(changeStatus("C42", "INSYNC")));

        try (Route53Provider provider = route53.provider(waiting(Duration.ofSeconds(10)))) {
            provider.apply(ZONE, CREATE_WWW);
        }

        assertThat(route53.getChangeRequests("C42")).isEqualTo(3);
    }

    @Test
    void doesNotAskAboutTheChangeUnlessToldToWait() {
        try (Route53Provider provider = route53.provider()) {
            provider.apply(ZONE, CREATE_WWW);
        }

        assertThat(route53.changeRequests("Z1")).hasSize(1);
        assertThat(route53.getChangeRequests("C42")).isZero();
    }

    @Test
    void aChangeThatStaysPendingFailsTheApplyOnceTheWaitIsOver() {
        route53.server().stubFor(get(urlPathEqualTo(API + "/change/C42")).willReturn(changeStatus("C42", "PENDING")));

        try (Route53Provider provider = route53.provider(waiting(Duration.ofMillis(5)))) {
            assertThatThrownBy(() -> provider.apply(ZONE, CREATE_WWW))
                    .isInstanceOf(DnsException.class)
                    .hasMessageStartingWith("route53 zone example.com (Z1): change C42 did not reach INSYNC within PT0.005S");
        }
        assertThat(route53.getChangeRequests("C42")).isBetween(1, 6);
    }

    private static Route53Settings waiting(Duration timeout) {
        return route53.settings().waitForChange(true).changePollInterval(Duration.ofMillis(1))
                .changeWaitTimeout(timeout).build();
    }
}
