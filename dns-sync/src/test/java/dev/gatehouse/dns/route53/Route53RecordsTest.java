package dev.gatehouse.dns.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.dns.route53.FakeRoute53.API;
import static dev.gatehouse.dns.route53.FakeRoute53.aliasSet;
import static dev.gatehouse.dns.route53.FakeRoute53.recordSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Route53RecordsTest {

    private static final Zone ZONE = new Zone("Z1", "example.com");

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
    }

    @Test
    void listsEveryPageOfRecordSets() {
        route53.recordSetsPage("Z1", null, null, "b.example.com.", "A",
                recordSet("a.example.com.", "A", 300, "192.0.2.1", "192.0.2.2"));
        route53.recordSetsPage("Z1", "b.example.com.", "A", "c.example.com.", "CNAME",
                recordSet("b.example.com.", "A", 60, "192.0.2.3"));
        route53.recordSetsPage("Z1", "c.example.com.", "CNAME", null, null,
                recordSet("c.example.com.", "CNAME", 120, "Target.Example.net."));

        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.records(ZONE)).containsExactly(
                    DnsRecord.of("a.example.com", RecordType.A, 300, "192.0.2.1", "192.0.2.2"),
                    DnsRecord.of("b.example.com", RecordType.A, 60, "192.0.2.3"),
                    DnsRecord.of("c.example.com", RecordType.CNAME, 120, "target.example.net"));
        }
        route53.server().verify(3, getRequestedFor(urlPathEqualTo(API + "/hostedzone/Z1/rrset")));
        route53.server().verify(1, getRequestedFor(urlPathEqualTo(API + "/hostedzone/Z1/rrset"))
                .withQueryParam("name", equalTo("c.example.com.")).withQueryParam("type", equalTo("CNAME")));
    }

    @Test
    void readsTxtValuesWithoutTheirQuotesAndJoinsTheStringsOfALongOne() {
        String first = "a".repeat(255);
        route53.recordSets("Z1",
                recordSet("example.com.", "TXT", 300, "\"v=spf1 include:_spf.example.net ~all\"",
                        "\"" + first + "\" \"bcd\""),
                recordSet("quoted.example.com.", "TXT", 300, "\"say \\\"hi\\\" \\\\ caf\\303\\251\""));

        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.records(ZONE)).containsExactly(
                    DnsRecord.of("example.com", RecordType.TXT, 300, "v=spf1 include:_spf.example.net ~all",
                            first + "bcd"),
                    DnsRecord.of("quoted.example.com", RecordType.TXT, 300, "say \"hi\" \\ café"));
        }
    }

    @Test
    void readsAnAliasRecordAsAnAliasToItsTargetWithoutTtl() {
        route53.recordSets("Z1", aliasSet("example.com.", "A", "Z35SXDOTRQ7X7K",
                "Web-1234.us-east-1.elb.amazonaws.com.", true));

        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.records(ZONE)).containsExactly(new DnsRecord("example.com", RecordType.A, 0,
                    List.of("web-1234.us-east-1.elb.amazonaws.com"), true));
        }
    }

    @Test
    void leavesOutOtherTypesAndRecordSetsWithARoutingPolicy() {
        route53.recordSets("Z1",
                recordSet("example.com.", "NS", 172800, "ns-1.awsdns-01.org."),
                recordSet("example.com.", "SOA", 900, "ns-1.awsdns-01.org. hostmaster.example.com. 1 7200 900 1209600 86400"),
                recordSet("example.com.", "MX", 300, "10 mail.example.com."),
                "<ResourceRecordSet><Name>weighted.example.com.</Name><Type>A</Type><SetIdentifier>blue</SetIdentifier>"
                        + "<Weight>10</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.9</Value>"
                        + "</ResourceRecord></ResourceRecords></ResourceRecordSet>",
                aliasSet("other.example.com.", "CNAME", "Z1", "www.example.com.", false),
                recordSet("www.example.com.", "AAAA", 300, "2001:db8::1"));

        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.records(ZONE))
                    .containsExactly(DnsRecord.of("www.example.com", RecordType.AAAA, 300, "2001:db8::1"));
        }
    }

    @Test
    void readsAWildcardNameWithoutRoute53sEscape() {
        route53.recordSets("Z1", recordSet("\\052.apps.example.com.", "CNAME", 300, "edge.example.com."));

        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.records(ZONE))
                    .containsExactly(DnsRecord.of("*.apps.example.com", RecordType.CNAME, 300, "edge.example.com"));
        }
    }

    @Test
    void aFailedListingNamesTheZone() {
        route53.server().stubFor(WireMock.get(urlPathEqualTo(API + "/hostedzone/Z1/rrset"))
                .willReturn(FakeRoute53.error(404, "NoSuchHostedZone", "No hosted zone found with ID: Z1")));

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(() -> provider.records(ZONE)).isInstanceOf(DnsException.class)
                    .hasMessageStartingWith("route53 zone example.com (Z1): listing record sets failed: ")
                    .hasMessageContaining("No hosted zone found with ID: Z1");
        }
    }
}
