package dev.gatehouse.dns.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.dns.azure.ArmStub.aRecords;
import static dev.gatehouse.dns.azure.ArmStub.cnameRecord;
import static dev.gatehouse.dns.azure.ArmStub.recordSetJson;
import static dev.gatehouse.dns.azure.ArmStub.recordSetPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureRetriesTest {

    @RegisterExtension
    static final WireMockExtension ARM = ArmStub.server();

    private static final Zone ZONE = ArmStub.zone("example.com");
    private static final DnsRecord WWW = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10");

    @Test
    void waitsOutRetryAfterWhenThrottledThenSucceeds() {
        String path = recordSetPath("example.com", "A", "www");
        ARM.stubFor(put(urlPathEqualTo(path)).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody(ArmStub.error("TooManyRequests", "The request is being throttled.")))
                .willSetStateTo("cooled down"));
        ARM.stubFor(put(urlPathEqualTo(path)).inScenario("throttled").whenScenarioStateIs("cooled down")
                .willReturn(okJson(recordSetJson("example.com", "A", "www", "etag-www", 300, aRecords("203.0.113.10")))));

        ArmStub.provider(ARM).apply(ZONE, new Changes(List.of(WWW), List.of(), List.of()));

        List<LoggedRequest> attempts = ARM.findAll(putRequestedFor(urlPathEqualTo(path))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(attempts).hasSize(2);
        // The test's backoff is a millisecond, so only the header explains a wait of a second.
        Duration waited = Duration.ofMillis(
                attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime());
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void reportsARecordThatKeepsFailingAfterItsRetriesWhileTheOthersLand() {
        String broken = recordSetPath("example.com", "A", "broken");
        String www = recordSetPath("example.com", "A", "www");
        String api = recordSetPath("example.com", "CNAME", "api");
        ARM.stubFor(put(urlPathEqualTo(broken)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody(ArmStub.error("ServiceUnavailable", "The DNS service is temporarily unavailable."))));
        ARM.stubFor(put(urlPathEqualTo(www)).willReturn(okJson(
                recordSetJson("example.com", "A", "www", "etag-www", 300, aRecords("203.0.113.10")))));
        ARM.stubFor(put(urlPathEqualTo(api)).willReturn(okJson(
                recordSetJson("example.com", "CNAME", "api", "etag-api", 300, cnameRecord("edge.example.net")))));

        assertThatThrownBy(() -> ArmStub.provider(ARM).apply(ZONE, new Changes(List.of(
                DnsRecord.of("broken.example.com", RecordType.A, 300, "203.0.113.66"),
                WWW,
                DnsRecord.of("api.example.com", RecordType.CNAME, 300, "edge.example.net")), List.of(), List.of())))
                .isInstanceOf(DnsException.class)
                .isNotInstanceOf(DnsConflictException.class)
                .hasMessageContaining("azure zone example.com: 1 of 3 writes failed")
                .hasMessageContaining("create broken.example.com A (If-None-Match *): "
                        + "HTTP 503 ServiceUnavailable: The DNS service is temporarily unavailable.")
                .hasMessageNotContaining("www.example.com")
                .hasMessageNotContaining("api.example.com");

        ARM.verify(3, putRequestedFor(urlPathEqualTo(broken)));
        ARM.verify(1, putRequestedFor(urlPathEqualTo(www)));
        ARM.verify(1, putRequestedFor(urlPathEqualTo(api)));
    }

    @Test
    void aRecordAzureRefusesIsReportedWithoutRetrying() {
        String path = recordSetPath("example.com", "A", "www");
        ARM.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(ArmStub.error("BadRequest", "The value '203.0.113.10' for the A record is invalid."))));

        assertThatThrownBy(() -> ArmStub.provider(ARM).apply(ZONE, new Changes(List.of(WWW), List.of(), List.of())))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("create www.example.com A (If-None-Match *): HTTP 400 BadRequest: "
                        + "The value '203.0.113.10' for the A record is invalid.");
        ARM.verify(1, putRequestedFor(urlPathEqualTo(path)));
    }
}
