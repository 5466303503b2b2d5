package dev.gatehouse.dns.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.dns.azure.ArmStub.aRecords;
import static dev.gatehouse.dns.azure.ArmStub.cnameRecord;
import static dev.gatehouse.dns.azure.ArmStub.recordSetJson;
import static dev.gatehouse.dns.azure.ArmStub.recordSetsPath;
import static dev.gatehouse.dns.azure.ArmStub.txtRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureRecordsTest {

    @RegisterExtension
    static final WireMockExtension ARM = ArmStub.server();

    private static final Zone ZONE = ArmStub.zone("example.com");

    @Test
    void readsEveryPageOfRecordSets() {
        ArmStub.stubRecordSetsPage(ARM, "example.com", null, ArmStub.nextLink(ARM, "example.com", "page-2"),
                recordSetJson("example.com", "A", "www", "e-www", 300, aRecords("203.0.113.10")));
        ArmStub.stubRecordSetsPage(ARM, "example.com", "page-2", null,
                recordSetJson("example.com", "CNAME", "api", "e-api", 60, cnameRecord("edge.example.net")));

        List<DnsRecord> records = ArmStub.provider(ARM).records(ZONE);

        assertThat(records).containsExactly(
                DnsRecord.of("api.example.com", RecordType.CNAME, 60, "edge.example.net"),
                DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10"));
        ARM.verify(2, getRequestedFor(urlPathEqualTo(recordSetsPath("example.com"))));
    }

    @Test
    void turnsRelativeNamesIntoCanonicalAbsoluteNames() {
        ArmStub.stubRecordSets(ARM, "example.com",
                recordSetJson("example.com", "A", "@", "e1", 300, aRecords("203.0.113.1")),
                recordSetJson("example.com", "A", "*.apps", "e2", 300, aRecords("203.0.113.2")),
                recordSetJson("example.com", "AAAA", "Web.Edge", "e3", 300, "\"AAAARecords\":[{\"ipv6Address\":\"2001:DB8::1\"}]"));

        assertThat(ArmStub.provider(ARM).records(ZONE)).containsExactly(
                DnsRecord.of("*.apps.example.com", RecordType.A, 300, "203.0.113.2"),
                DnsRecord.of("example.com", RecordType.A, 300, "203.0.113.1"),
                DnsRecord.of("web.edge.example.com", RecordType.AAAA, 300, "2001:db8::1"));
    }

    @Test
    void joinsTheStringsOfEachTxtRecordIntoOneTarget() {
        ArmStub.stubRecordSets(ARM, "example.com", recordSetJson("example.com", "TXT", "a-www", "e1", 300,
                txtRecords(List.of("heritage=external-dns,", "external-dns/owner=gatehouse"), List.of("v=spf1 -all"))));

        assertThat(ArmStub.provider(ARM).records(ZONE)).containsExactly(DnsRecord.of("a-www.example.com",
                RecordType.TXT, 300, "heritage=external-dns,external-dns/owner=gatehouse", "v=spf1 -all"));
    }

    @Test
    void leavesOutTheTypesTheSyncDoesNotWrite() {
        ArmStub.stubRecordSets(ARM, "example.com",
                recordSetJson("example.com", "NS", "@", "e1", 172800, "\"NSRecords\":[{\"nsdname\":\"ns1-01.azure-dns.com.\"}]"),
                recordSetJson("example.com", "SOA", "@", "e2", 3600, "\"SOARecord\":{\"host\":\"ns1-01.azure-dns.com.\","
                        + "\"email\":\"azuredns-hostmaster.microsoft.com\",\"serialNumber\":1}"),
                recordSetJson("example.com", "MX", "@", "e3", 3600, "\"MXRecords\":[{\"preference\":10,\"exchange\":\"mx.example.com\"}]"),
                recordSetJson("example.com", "A", "www", "e4", 300, aRecords("203.0.113.10")));

        assertThat(ArmStub.provider(ARM).records(ZONE))
                .containsExactly(DnsRecord.of("www.example.com", RecordType.A, 300, "203.0.113.10"));
    }

    @Test
    void readsAnAliasRecordSetAsAliasWithItsResourceId() {
        String publicIp = "/subscriptions/" + ArmStub.SUBSCRIPTION
                + "/resourceGroups/edge-rg/providers/Microsoft.Network/publicIPAddresses/edge-ip";
        ArmStub.stubRecordSets(ARM, "example.com", recordSetJson("example.com", "A", "@", "e1", 300,
                "\"ARecords\":[],\"targetResource\":{\"id\":\"" + publicIp + "\"}"));

        assertThat(ArmStub.provider(ARM).records(ZONE))
                .containsExactly(new DnsRecord("example.com", RecordType.A, 300, List.of(publicIp), true));
    }

    @Test
    void aFailedReadNamesTheZoneAndAzuresError() {
        ARM.stubFor(get(urlPathEqualTo(recordSetsPath("example.com"))).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(ArmStub.error("ResourceNotFound", "The Resource 'Microsoft.Network/dnszones/example.com' was not found"))));

        assertThatThrownBy(() -> ArmStub.provider(ARM).records(ZONE))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("azure zone example.com")
                .hasMessageContaining("HTTP 404 ResourceNotFound: The Resource 'Microsoft.Network/dnszones/example.com' was not found");
    }

    @Test
    void refusesAZoneWhoseIdIsNotAnAzureDnsZone() {
        Zone foreign = new Zone("Z123ROUTE53", "example.com");

        assertThatThrownBy(() -> ArmStub.provider(ARM).records(foreign))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("azure zone example.com: id \"Z123ROUTE53\" is not a DNS zone's resource id");
        assertThat(ARM.getAllServeEvents()).isEmpty();
    }
}
