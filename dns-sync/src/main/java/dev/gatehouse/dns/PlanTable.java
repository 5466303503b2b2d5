package dev.gatehouse.dns;

import dev.gatehouse.cloudsdk.PlanColumns;
import java.util.ArrayList;
import java.util.List;

/** A plan as the table {@code gatehouse dns plan} prints: one row per record set, then a summary. */
public final class PlanTable {

    private static final String[] HEADER = {"ZONE", "ACTION", "NAME", "TYPE", "TTL", "TARGETS", "FOR"};

    private PlanTable() {
    }

    public static String render(List<Plan> plans) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        int writes = 0;
        int skips = 0;
        for (Plan plan : plans) {
            for (Plan.Step step : plan.steps()) {
                DnsRecord shown = step.after() != null ? step.after() : step.before();
                rows.add(new String[] {plan.zone().name(), step.action().name().toLowerCase(), step.key().name(),
                        (shown.alias() ? "ALIAS " : "") + step.key().type(),
                        step.action() == Plan.Action.DELETE ? "-" : Long.toString(shown.ttl()),
                        targets(step), step.resource()});
                writes++;
            }
            for (Plan.Skip skip : plan.skipped()) {
                rows.add(new String[] {plan.zone().name(), "skip", skip.key().name(), skip.key().type().name(), "-",
                        "(" + skip.reason() + ")", skip.resource()});
                skips++;
            }
            if (plan.heldDeletes() != null) {
                rows.add(new String[] {plan.zone().name(), "held", "-", "-", "-", "(" + plan.heldDeletes() + ")", "-"});
            }
        }
        StringBuilder out = new StringBuilder(PlanColumns.render(rows));
        out.append(writes).append(writes == 1 ? " record set to write, " : " record sets to write, ")
                .append(skips).append(" left alone, in ").append(plans.size())
                .append(plans.size() == 1 ? " zone" : " zones").append('\n');
        return out.toString();
    }

    private static String targets(Plan.Step step) {
        if (step.action() == Plan.Action.UPDATE && !step.before().targets().equals(step.after().targets())) {
            return String.join(",", step.before().targets()) + " -> " + String.join(",", step.after().targets());
        }
        if (step.action() == Plan.Action.UPDATE) {
            return String.join(",", step.after().targets()) + " (ttl " + step.before().ttl() + " -> "
                    + step.after().ttl() + ")";
        }
        DnsRecord shown = step.after() != null ? step.after() : step.before();
        return String.join(",", shown.targets());
    }
}
