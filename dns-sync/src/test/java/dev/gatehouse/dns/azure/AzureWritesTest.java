package dev.gatehouse.dns.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.dns.azure.ArmStub.aRecords;
import static dev.gatehouse.dns.azure.ArmStub.cnameRecord;
import static dev.gatehouse.dns.azure.ArmStub.recordSetJson;
import static dev.gatehouse.dns.azure.ArmStub.recordSetPath;
import static dev.gatehouse.dns.azure.ArmStub.txtRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureWritesTest {

    @RegisterExtension
    static final WireMockExtension ARM = ArmStub.server();

    private static final Zone ZONE = ArmStub.zone("example.com");
    private static final String TXT = "heritage=external-dns,external-dns/owner=gatehouse,external-dns/resource=ingress/default/web";

    @Test
    void createSendsIfNoneMatchStarAndTheRecordSetAsJson() {
        stubPut("A", "www", recordSetJson("example.com", "A", "www", "new-www", 300, aRecords("203.0.113.10")));
        stubPut("CNAME", "api", recordSetJson("example.com", "CNAME", "api", "new-api", 60, cnameRecord("edge.example.net")));
        stubPut("TXT", "a-www", recordSetJson("example.com", "TXT", "a-www", "new-txt", 300, txtRecords(List.of(TXT))));

        ArmStub.provider(ARM).apply(ZONE, new Changes(List.of(
                DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10", "203.0.113.11"),
                DnsRecord.of("api.example.com", RecordType.CNAME, 60, "edge.example.net"),
                DnsRecord.of("a-www.example.com", RecordType.TXT, 300, TXT)), List.of(), List.of()));

        ARM.verify(putRequestedFor(urlPathEqualTo(recordSetPath("example.com", "A", "www")))
                .withHeader("If-None-Match", equalTo("*"))
                .withHeader("If-Match", absent())
                .withRequestBody(equalToJson("""
                        {"properties":{"TTL":300,"ARecords":[{"ipv4Address":"203.0.113.10"},{"ipv4Address":"203.0.113.11"}]}}""")));
        ARM.verify(putRequestedFor(urlPathEqualTo(recordSetPath("example.com", "CNAME", "api")))
                .withHeader("If-None-Match", equalTo("*"))
                .withRequestBody(equalToJson("""
                        {"properties":{"TTL":60,"CNAMERecord":{"cname":"edge.example.net"}}}""")));
        ARM.verify(putRequestedFor(urlPathEqualTo(recordSetPath("example.com", "TXT", "a-www")))
                .withHeader("If-None-Match", equalTo("*"))
                .withRequestBody(equalToJson("""
                        {"properties":{"TTL":300,"TXTRecords":[{"value":["%s"]}]}}""".formatted(TXT))));
        assertThat(ArmStub.writes(ARM)).hasSize(3);
    }

    @Test
    void createsAnApexRecordSetUnderTheAtName() {
        stubPut("A", "@", recordSetJson("example.com", "A", "@", "new-apex", 300, aRecords("203.0.113.10")));

        ArmStub.provider(ARM).apply(ZONE, new Changes(
                List.of(DnsRecord.of("example.com", RecordType.A, 300, "203.0.113.10")), List.of(), List.of()));

        ARM.verify(putRequestedFor(urlPathEqualTo(recordSetPath("example.com", "A", "@"))));
    }

    @Test
    void updateSendsIfMatchWithTheETagThatWasRead() {
        DnsRecord before = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10");
        DnsRecord after = DnsRecord.of("www.example.com", RecordType.A, 120, "203.0.113.20");
        ArmStub.stubRecordSets(ARM, "example.com",
                recordSetJson("example.com", "A", "www", "etag-www-1", 300, aRecords("203.0.113.10")),
                recordSetJson("example.com", "A", "mail", "etag-mail-1", 300, aRecords("203.0.113.99")));
        stubPut("A", "www", recordSetJson("example.com", "A", "www", "etag-www-2", 120, aRecords("203.0.113.20")));
        AzureDnsProvider provider = ArmStub.provider(ARM);

        assertThat(provider.records(ZONE)).contains(before);
        provider.apply(ZONE, new Changes(List.of(), List.of(new Changes.Update(before, after)), List.of()));

        ARM.verify(putRequestedFor(urlPathEqualTo(recordSetPath("example.com", "A", "www")))
                .withHeader("If-Match", equalTo("etag-www-1"))
                .withHeader("If-None-Match", absent())
                .withRequestBody(equalToJson("""
                        {"properties":{"TTL":120,"ARecords":[{"ipv4Address":"203.0.113.20"}]}}""")));
        assertThat(ArmStub.writes(ARM)).hasSize(1);
    }

    @Test
    void theNextUpdateSendsTheETagAzureReturnedForTheLastWrite() {
        DnsRecord first = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10");
        DnsRecord second = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.20");
        stubPut("A", "www", recordSetJson("example.com", "A", "www", "etag-after-create", 300, aRecords("203.0.113.10")));
        AzureDnsProvider provider = ArmStub.provider(ARM);

        provider.apply(ZONE, new Changes(List.of(first), List.of(), List.of()));
        provider.apply(ZONE, new Changes(List.of(), List.of(new Changes.Update(first, second)), List.of()));

        ARM.verify(putRequestedFor(urlPathEqualTo(recordSetPath("example.com", "A", "www")))
                .withHeader("If-Match", equalTo("etag-after-create")));
    }

    @Test
    void deleteSendsIfMatchWithTheETagThatWasRead() {
        DnsRecord gone = DnsRecord.of("old.example.com", RecordType.CNAME, 300, "edge.example.net");
        ArmStub.stubRecordSets(ARM, "example.com",
                recordSetJson("example.com", "CNAME", "old", "etag-old", 300, cnameRecord("edge.example.net")));
        ARM.stubFor(delete(urlPathEqualTo(recordSetPath("example.com", "CNAME", "old"))).willReturn(aResponse().withStatus(200)));
        AzureDnsProvider provider = ArmStub.provider(ARM);

        provider.records(ZONE);
        provider.apply(ZONE, new Changes(List.of(), List.of(), List.of(gone)));

        ARM.verify(deleteRequestedFor(urlPathEqualTo(recordSetPath("example.com", "CNAME", "old")))
                .withHeader("If-Match", equalTo("etag-old")));
        assertThat(ArmStub.writes(ARM)).hasSize(1);
    }

    @Test
    void anUpdateOfARecordSetNeverReadIsAConflictAndSendsNothing() {
        DnsRecord before = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10");
        DnsRecord after = DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.20");

        assertThatThrownBy(() -> ArmStub.provider(ARM).apply(ZONE,
                new Changes(List.of(), List.of(new Changes.Update(before, after)), List.of())))
                .isInstanceOf(DnsConflictException.class)
                .hasMessageContaining("azure zone example.com")
                .hasMessageContaining("update www.example.com A: no ETag was read for it");
        assertThat(ArmStub.writes(ARM)).isEmpty();
    }

    private static void stubPut(String type, String relativeName, String answer) {
        ARM.stubFor(put(urlPathEqualTo(recordSetPath("example.com", type, relativeName))).willReturn(okJson(answer)));
    }
}
