package dev.gatehouse.cloudlb;

import dev.gatehouse.cloudsdk.PlanColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plans as the table {@code gatehouse lb plan} prints: one row per step (or per Service in sync), then a summary. */
public final class LoadBalancerPlanTable {

    private static final String[] HEADER = {"SERVICE", "PROVIDER", "ACTION", "KIND", "RESOURCE", "REASON"};

    private LoadBalancerPlanTable() {
    }

    public static String render(List<LoadBalancerPlan> plans) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        int steps = 0;
        int inSync = 0;
        int problems = 0;
        for (LoadBalancerPlan plan : plans) {
            for (LoadBalancerPlan.Step step : plan.steps()) {
                rows.add(new String[] {plan.service(), plan.provider(), step.action().name().toLowerCase(Locale.ROOT),
                        step.kind(), step.resource(), step.reason()});
                steps++;
            }
            if (!plan.problem().isEmpty()) {
                rows.add(new String[] {plan.service(), plan.provider(), "fail", "-", "-", plan.problem()});
                problems++;
            } else if (plan.steps().isEmpty()) {
                rows.add(new String[] {plan.service(), plan.provider(), "none", "-", "-", "in sync"});
                inSync++;
            }
        }
        return PlanColumns.render(rows) + steps + (steps == 1 ? " change" : " changes") + " for "
                + (plans.size() - inSync - problems) + " Service(s), " + inSync + " in sync, " + problems
                + " cannot be planned\n";
    }
}
