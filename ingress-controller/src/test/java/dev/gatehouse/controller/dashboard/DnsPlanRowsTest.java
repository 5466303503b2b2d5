package dev.gatehouse.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.OwnershipRegistry;
import dev.gatehouse.dns.Plan;
import dev.gatehouse.dns.Policy;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsPlanRowsTest {

    private static final Zone ZONE = new Zone("z1", "example.org");
    private static final OwnershipRegistry REGISTRY = new OwnershipRegistry("me", "", "");

    @Test
    void thePlanShowsCreatesWithTheirTargetsAndSkippedRecordsWithTheReasonAndHeldDeletes() {
        Plan plan = Plan.compute(ZONE, List.of(
                new Desired(DnsRecord.of("new.example.org", RecordType.A, 300, "192.0.2.7"), "ingress/default/web"),
                new Desired(DnsRecord.of("www.example.org", RecordType.CNAME, 300, "lb.example.net"), "ingress/default/www")),
                List.of(DnsRecord.of("www.example.org", RecordType.A, 300, "192.0.2.1")), REGISTRY, Policy.SYNC)
                .holdingDeletes("more than half of the owned records would go");

        List<Map<String, Object>> rows = DnsPlanRows.rows(List.of(plan));

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("zone", "example.org").containsEntry("change", "create")
                .containsEntry("record", "new.example.org A").containsEntry("targets", "192.0.2.7")
                .containsEntry("resource", "ingress/default/web");
        assertThat(rows.get(1)).containsEntry("change", "skip").containsEntry("record", "www.example.org CNAME")
                .containsEntry("reason", "the name already holds a A record that is not ours");
        assertThat(rows.get(2)).containsEntry("change", "held deletes")
                .containsEntry("reason", "more than half of the owned records would go");
    }
}
