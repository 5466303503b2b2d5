package dev.gatehouse.dns.route53;

import static dev.gatehouse.dns.route53.FakeRoute53.aliasSet;
import static dev.gatehouse.dns.route53.FakeRoute53.recordSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.cloud.fake.aws.Route53Fake.SentChange;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Route53WritesTest {

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
        route53.acceptChanges("Z1", "C1");
    }

    @Test
    void writesTxtTextsQuotedAndSplitIntoStringsOf255Characters() {
        String text = "x".repeat(300);

        try (Route53Provider provider = route53.provider()) {
            provider.apply(ZONE, new Changes(List.of(
                    DnsRecord.of("example.com", RecordType.TXT, 300, "heritage=gatehouse,owner=\"edge\"", text)),
                    List.of(), List.of()));
        }

        assertThat(route53.batches("Z1")).singleElement().satisfies(batch -> assertThat(batch.get(0).values())
                .containsExactlyInAnyOrder("\"heritage=gatehouse,owner=\\\"edge\\\"\"",
                        "\"" + "x".repeat(255) + "\" \"" + "x".repeat(45) + "\""));
    }

    @Test
    void anUpdateDeletesTheRecordSetExactlyAsItWasReadAndCreatesTheNewOne() {
        // Someone else split this text at other places than 255 characters; only the stored form deletes it.
        route53.recordSets("Z1", recordSet("example.com.", "TXT", 300, "\"heritage=\" \"gatehouse\""));

        try (Route53Provider provider = route53.provider()) {
            DnsRecord read = provider.records(ZONE).get(0);
            assertThat(read.targets()).containsExactly("heritage=gatehouse");

            provider.apply(ZONE, new Changes(List.of(), List.of(new Changes.Update(read,
                    DnsRecord.of("example.com", RecordType.TXT, 60, "heritage=gatehouse"))), List.of()));
        }

        assertThat(route53.batches("Z1")).singleElement().satisfies(batch -> assertThat(batch)
                .extracting(SentChange::action, SentChange::ttl, SentChange::values)
                .containsExactly(
                        tuple("DELETE", 300L, List.of("\"heritage=\" \"gatehouse\"")),
                        tuple("CREATE", 60L, List.of("\"heritage=gatehouse\""))));
    }

    @Test
    void deletesAnAliasWithTheTargetItWasReadWith() {
        route53.recordSets("Z1", aliasSet("cdn.example.com.", "A", "Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.",
                false));

        try (Route53Provider provider = route53.provider()) {
            DnsRecord read = provider.records(ZONE).get(0);
            provider.apply(ZONE, new Changes(List.of(), List.of(), List.of(read)));
        }

        assertThat(route53.batches("Z1")).singleElement().satisfies(batch -> assertThat(batch)
                .extracting(SentChange::action, SentChange::aliasZoneId, SentChange::aliasDnsName,
                        SentChange::evaluateTargetHealth)
                .containsExactly(tuple("DELETE", "Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.", false)));
    }

    @Test
    void writesAWildcardName() {
        try (Route53Provider provider = route53.provider()) {
            provider.apply(ZONE, new Changes(List.of(
                    DnsRecord.of("*.apps.example.com", RecordType.CNAME, 300, "edge.example.com")), List.of(), List.of()));
        }

        assertThat(route53.batches("Z1")).singleElement().satisfies(batch -> assertThat(batch)
                .extracting(SentChange::name).containsExactly("*.apps.example.com."));
    }
}
