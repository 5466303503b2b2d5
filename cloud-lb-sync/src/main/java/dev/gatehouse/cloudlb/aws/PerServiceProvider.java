package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.ResourceReport;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code aws}: a network or a classic load balancer, as each Service's {@value AwsProviders#TYPE_ANNOTATION}
 * annotation ({@code nlb} or {@code elb}) asks, the settings' default without it.
 *
 * <p>When a Service changes kind, {@link #ensure} makes the new load balancer first, then deletes what the other
 * kind still holds; until that deletion succeeds it fails (and the reconciler retries), so the Service's status
 * moves to the new address only once the old load balancer is gone. {@link #ensureDeleted} deletes both kinds.
 */
final class PerServiceProvider implements LoadBalancerProvider {

    static final String NAME = "aws";

    private final AwsProvider nlb;
    private final AwsProvider elb;
    private final AwsSettings.LoadBalancerType defaultType;

    PerServiceProvider(AwsProvider nlb, AwsProvider elb, AwsSettings.LoadBalancerType defaultType) {
        this.nlb = nlb;
        this.elb = elb;
        this.defaultType = defaultType;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LoadBalancerStatus ensure(LoadBalancerRequest request) {
        boolean network = type(request) == AwsSettings.LoadBalancerType.NLB;
        AwsProvider chosen = network ? nlb : elb;
        AwsProvider other = network ? elb : nlb;
        LoadBalancerStatus status = chosen.ensure(request);
        if (other.holds(request)) {
            try {
                other.ensureDeleted(request);
            } catch (LoadBalancerException e) {
                throw new LoadBalancerException(e.reason(), "service " + request.service() + " now has its "
                        + chosen.name() + " load balancer " + status.hostnames() + "; deleting the previous "
                        + other.name() + " one failed: " + e.getMessage(), e);
            }
        }
        return status;
    }

    @Override
    public void ensureDeleted(LoadBalancerRequest request) {
        nlb.ensureDeleted(request);
        elb.ensureDeleted(request);
    }

    /** The chosen kind's plan, then the deletion of what the other kind still holds. */
    @Override
    public LoadBalancerPlan plan(LoadBalancerRequest request) {
        boolean network = type(request) == AwsSettings.LoadBalancerType.NLB;
        AwsProvider chosen = network ? nlb : elb;
        AwsProvider other = network ? elb : nlb;
        LoadBalancerPlan plan = chosen.plan(request);
        if (!other.holds(request)) {
            return plan;
        }
        List<LoadBalancerPlan.Step> steps = new ArrayList<>(plan.steps());
        steps.addAll(other.planDeletion(request).steps());
        return new LoadBalancerPlan(chosen.name(), request.service(), steps);
    }

    @Override
    public LoadBalancerPlan planDeletion(LoadBalancerRequest request) {
        List<LoadBalancerPlan.Step> steps = new ArrayList<>(nlb.planDeletion(request).steps());
        steps.addAll(elb.planDeletion(request).steps());
        return new LoadBalancerPlan(NAME, request.service(), steps);
    }

    @Override
    public void reportTo(ResourceReport report) {
        nlb.reportTo(report);
        elb.reportTo(report);
    }

    private AwsSettings.LoadBalancerType type(LoadBalancerRequest request) {
        String value = request.annotations().get(AwsProviders.TYPE_ANNOTATION);
        if (value == null || value.isBlank()) {
            return defaultType;
        }
        try {
            return AwsSettings.LoadBalancerType.parse(value);
        } catch (IllegalArgumentException e) {
            throw new LoadBalancerException(AwsCalls.REASON, NAME + " service " + request.service() + ": annotation "
                    + AwsProviders.TYPE_ANNOTATION + " \"" + value + "\" is unknown (expected: nlb or elb)");
        }
    }
}
