package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudlb.ResourceReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The steps of one Service's ensure or deletion, as AWS's {@code AwsCalls} keeps them: applying, each write is made
 * and its step recorded and reported once it went through; planning, the write is not made, its step is recorded
 * and {@code planned} stands in for the answer, so the walk goes on reading.
 */
final class AzureSteps {

    static final String PROVIDER = "azure";
    static final String LOAD_BALANCER = "load-balancer";
    static final String PUBLIC_IP = "public-ip";
    static final String SECURITY_RULE = "security-rule";
    /** What a planned create answers in place of what Azure would give. */
    static final String PLANNED = "(to be created)";

    private final String service;
    private final boolean planning;
    private final ResourceReport report;
    private final List<LoadBalancerPlan.Step> steps = new ArrayList<>();

    private AzureSteps(String service, boolean planning, ResourceReport report) {
        this.service = service;
        this.planning = planning;
        this.report = report;
    }

    static AzureSteps applying(String service, ResourceReport report) {
        return new AzureSteps(service, false, report);
    }

    static AzureSteps planning(String service) {
        return new AzureSteps(service, true, ResourceReport.NONE);
    }

    boolean planning() {
        return planning;
    }

    LoadBalancerPlan plan() {
        return new LoadBalancerPlan(PROVIDER, service, steps);
    }

    /** A step that needs no write (an adoption). */
    void record(LoadBalancerPlan.Step step) {
        steps.add(step);
        if (!planning) {
            report.applied(PROVIDER, service, step);
        }
    }

    <T> T write(LoadBalancerPlan.Step step, T planned, Supplier<T> call) {
        if (planning) {
            steps.add(step);
            return planned;
        }
        T answer = call.get();
        record(step);
        return answer;
    }

    static LoadBalancerPlan.Step step(Action action, String kind, String resource, String reason) {
        return new LoadBalancerPlan.Step(action, kind, resource, reason);
    }
}
