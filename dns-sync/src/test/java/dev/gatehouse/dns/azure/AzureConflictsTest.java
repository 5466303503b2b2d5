package dev.gatehouse.dns.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.dns.azure.ArmStub.aRecords;
import static dev.gatehouse.dns.azure.ArmStub.recordSetJson;
import static dev.gatehouse.dns.azure.ArmStub.recordSetPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureConflictsTest {

    @RegisterExtension
    static final WireMockExtension ARM = ArmStub.server();

    private static final Zone ZONE = ArmStub.zone("example.com");
    private static final String WWW = recordSetPath("example.com", "A", "www");

    @Test
    void aRecordSetChangedSinceTheReadIsAConflictAndTheRetryAfterReadingAgainSucceedsWithTheNewETag() {
        DnsRecord ours = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10");
        DnsRecord wanted = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.20");
        Changes update = new Changes(List.of(), List.of(new Changes.Update(ours, wanted)), List.of());
        ArmStub.stubRecordSets(ARM, "example.com", recordSetJson("example.com", "A", "www", "etag-1", 300,
                aRecords("203.0.113.10")));
        ARM.stubFor(put(urlPathEqualTo(WWW)).withHeader("If-Match", equalTo("etag-1")).willReturn(preconditionFailed()));
        ARM.stubFor(put(urlPathEqualTo(WWW)).withHeader("If-Match", equalTo("etag-2")).willReturn(okJson(
                recordSetJson("example.com", "A", "www", "etag-3", 300, aRecords("203.0.113.20")))));
        AzureDnsProvider provider = ArmStub.provider(ARM);
        provider.records(ZONE);

        assertThatThrownBy(() -> provider.apply(ZONE, update))
                .isInstanceOf(DnsConflictException.class)
                .hasMessageContaining("azure zone example.com")
                .hasMessageContaining("update www.example.com A (If-Match etag-1): HTTP 412 PreconditionFailed");

        // Someone else's write gave the record set a new ETag; reading again picks it up.
        ArmStub.stubRecordSets(ARM, "example.com", recordSetJson("example.com", "A", "www", "etag-2", 300,
                aRecords("203.0.113.10")));
        assertThat(provider.records(ZONE)).containsExactly(ours);
        provider.apply(ZONE, update);

        ARM.verify(1, putRequestedFor(urlPathEqualTo(WWW)).withHeader("If-Match", equalTo("etag-1")));
        ARM.verify(1, putRequestedFor(urlPathEqualTo(WWW)).withHeader("If-Match", equalTo("etag-2")));
        assertThat(ArmStub.writes(ARM)).hasSize(2);
    }

    @Test
    void aCreateOfARecordSetSomeoneElseMadeMeanwhileIsAConflict() {
        ARM.stubFor(put(urlPathEqualTo(WWW)).withHeader("If-None-Match", equalTo("*")).willReturn(preconditionFailed()));

        assertThatThrownBy(() -> ArmStub.provider(ARM).apply(ZONE, new Changes(
                List.of(DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10")), List.of(), List.of())))
                .isInstanceOf(DnsConflictException.class)
                .hasMessageContaining("create www.example.com A (If-None-Match *): HTTP 412 PreconditionFailed");
        ARM.verify(1, putRequestedFor(urlPathEqualTo(WWW)));
    }

    @Test
    void aConflictOnOneRecordSetDoesNotStopTheOthers() {
        String api = recordSetPath("example.com", "A", "api");
        ARM.stubFor(put(urlPathEqualTo(WWW)).willReturn(preconditionFailed()));
        ARM.stubFor(put(urlPathEqualTo(api)).willReturn(okJson(
                recordSetJson("example.com", "A", "api", "etag-api", 300, aRecords("203.0.113.30")))));

        assertThatThrownBy(() -> ArmStub.provider(ARM).apply(ZONE, new Changes(List.of(
                DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10"),
                DnsRecord.of("api.example.com", RecordType.A, 300, "203.0.113.30")), List.of(), List.of())))
                .isInstanceOf(DnsConflictException.class)
                .hasMessageContaining("1 of 2 writes failed")
                .hasMessageNotContaining("api.example.com");
        ARM.verify(1, putRequestedFor(urlPathEqualTo(api)));
    }

    private static ResponseDefinitionBuilder preconditionFailed() {
        return aResponse().withStatus(412).withHeader("Content-Type", "application/json")
                .withBody(ArmStub.error("PreconditionFailed",
                        "The Resource 'Microsoft.Network/dnszones/example.com/A/www' has been modified"));
    }
}
