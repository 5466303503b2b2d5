package dev.gatehouse.controller.dashboard;

import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last DNS plan as table rows, as {@code gatehouse dns plan} prints it: creates, updates, deletes and
 * registrations with their targets, skipped records with the reason, and held deletes with the safety rule's reason.
 */
final class DnsPlanRows {

    private DnsPlanRows() {
    }

    static List<Map<String, Object>> rows(List<Plan> plans) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Plan plan : plans) {
            String zone = plan.zone().name();
            for (Plan.Step step : plan.steps()) {
                DnsRecord shown = step.after() != null ? step.after() : step.before();
                rows.add(row(zone, step.action().name().toLowerCase(), step.key().name() + " " + step.key().type(),
                        String.join(", ", shown.targets()), step.resource(), null));
            }
            for (Plan.Skip skip : plan.skipped()) {
                rows.add(row(zone, "skip", skip.key().name() + " " + skip.key().type(), "", skip.resource(), skip.reason()));
            }
            if (plan.heldDeletes() != null) {
                rows.add(row(zone, "held deletes", "", "", "", plan.heldDeletes()));
            }
        }
        return rows;
    }

    private static Map<String, Object> row(String zone, String change, String record, String targets, String resource,
                                           String reason) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("zone", zone);
        row.put("change", change);
        row.put("record", record);
        row.put("targets", targets);
        row.put("resource", resource);
        row.put("reason", reason);
        return row;
    }
}
