package dev.gatehouse.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.cloud.fake.aws.Route53Fake.SentChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

class Route53BatchingTest {

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
    void splitsBatchesSoThatNoneHoldsMoreResourceRecordsThanTheLimit() {
        List<DnsRecord> creates = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            creates.add(DnsRecord.of("host" + i + ".example.com", RecordType.A, 300, "192.0.2." + i));
        }
        creates.add(DnsRecord.of("multi.example.com", RecordType.A, 300, "192.0.2.10", "192.0.2.11", "192.0.2.12"));

        try (Route53Provider provider = route53.provider(route53.settings().maxRecordsPerBatch(4).build())) {
            provider.apply(ZONE, new Changes(creates, List.of(), List.of()));
        }

        List<List<SentChange>> batches = route53.batches("Z1");
        assertThat(batches).extracting(batch -> batch.stream().map(SentChange::name).toList()).containsExactly(
                List.of("host1.example.com.", "host2.example.com.", "host3.example.com.", "host4.example.com."),
                List.of("host5.example.com.", "multi.example.com."));
        assertThat(batches).allSatisfy(batch -> assertThat(batch.stream().mapToInt(c -> c.values().size()).sum())
                .isLessThanOrEqualTo(4));
    }

    @Test
    void splitsBatchesSoThatNoneHoldsMoreValueCharactersThanTheLimit() {
        List<DnsRecord> creates = new ArrayList<>();
        for (char c = 'a'; c <= 'e'; c++) {
            // Each value is 250 characters and 252 with its quotes, as sent.
            creates.add(DnsRecord.of(c + ".example.com", RecordType.TXT, 300, String.valueOf(c).repeat(250)));
        }

        try (Route53Provider provider = route53.provider(route53.settings().maxValueCharsPerBatch(600).build())) {
            provider.apply(ZONE, new Changes(creates, List.of(), List.of()));
        }

        List<List<SentChange>> batches = route53.batches("Z1");
        assertThat(batches).extracting(batch -> batch.stream().map(SentChange::name).toList()).containsExactly(
                List.of("a.example.com.", "b.example.com."),
                List.of("c.example.com.", "d.example.com."),
                List.of("e.example.com."));
        assertThat(batches).allSatisfy(batch -> assertThat(
                batch.stream().flatMap(c -> c.values().stream()).mapToInt(String::length).sum())
                .isLessThanOrEqualTo(600));
    }

    @Test
    void keepsTheDeleteAndTheCreateOfAnUpdateInOneBatchInThatOrder() {
        DnsRecord old = DnsRecord.of("www.example.com", RecordType.A, 300, "192.0.2.1");
        DnsRecord now = DnsRecord.of("www.example.com", RecordType.A, 300, "192.0.2.2");
        DnsRecord gone = DnsRecord.of("gone.example.com", RecordType.A, 300, "192.0.2.3");
        DnsRecord added = DnsRecord.of("new.example.com", RecordType.A, 300, "192.0.2.4");

        try (Route53Provider provider = route53.provider(route53.settings().maxRecordsPerBatch(2).build())) {
            provider.apply(ZONE, new Changes(List.of(added), List.of(new Changes.Update(old, now)), List.of(gone)));
        }

        assertThat(route53.batches("Z1")).extracting(batch -> batch.stream()
                .map(c -> c.action() + " " + c.name() + " " + c.values()).toList()).containsExactly(
                List.of("DELETE gone.example.com. [192.0.2.3]"),
                List.of("DELETE www.example.com. [192.0.2.1]", "CREATE www.example.com. [192.0.2.2]"),
                List.of("CREATE new.example.com. [192.0.2.4]"));
    }

    @Test
    void sendsEverythingInOneRequestWithinTheLimits() {
        List<DnsRecord> creates = List.of(
                DnsRecord.of("a.example.com", RecordType.A, 300, "192.0.2.1"),
                DnsRecord.of("b.example.com", RecordType.AAAA, 300, "2001:db8::1"),
                DnsRecord.of("c.example.com", RecordType.CNAME, 300, "a.example.com"));

        try (Route53Provider provider = route53.provider()) {
            provider.apply(ZONE, new Changes(creates, List.of(), List.of()));
        }

        assertThat(route53.batches("Z1")).singleElement().satisfies(batch -> assertThat(batch)
                .extracting(SentChange::action, SentChange::name, SentChange::type, SentChange::ttl, SentChange::values)
                .containsExactly(
                        tuple("CREATE", "a.example.com.", "A", 300L, List.of("192.0.2.1")),
                        tuple("CREATE", "b.example.com.", "AAAA", 300L, creates.get(1).targets()),
                        tuple("CREATE", "c.example.com.", "CNAME", 300L, List.of("a.example.com"))));
    }

    @Test
    void sendsNothingWhenThereIsNothingToChange() {
        try (Route53Provider provider = route53.provider()) {
            provider.apply(ZONE, Changes.none());
        }

        assertThat(route53.requests()).isZero();
    }

    @Test
    void countsAnUpsertTwiceAsRoute53Does() {
        ResourceRecordSet set = RecordSets.plain(DnsRecord.of("a.example.com", RecordType.A, 300, "192.0.2.1",
                "192.0.2.22"));

        ChangeBatches.Weight create = ChangeBatches.weigh(List.of(
                Change.builder().action(ChangeAction.CREATE).resourceRecordSet(set).build()));
        ChangeBatches.Weight upsert = ChangeBatches.weigh(List.of(
                Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set).build()));

        assertThat(create).isEqualTo(new ChangeBatches.Weight(2, 19));
        assertThat(upsert).isEqualTo(new ChangeBatches.Weight(4, 38));
    }
}
