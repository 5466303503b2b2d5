package dev.gatehouse.cloudlb;

import java.util.List;

/**
 * What one Service's load balancer needs, resource by resource, as a provider read it from the cloud: the value
 * {@code gatehouse lb plan} prints, and the steps a loop records as it applies them (dns-sync's {@code Plan} is the
 * same idea for records).
 *
 * @param provider {@code aws-nlb}, {@code aws-elb}, {@code azure}, {@code pool}
 * @param service {@code namespace/name}
 * @param steps in the order they are applied; empty when the load balancer is in sync
 * @param problem why the Service cannot be planned (a resource with our name that is not ours, ...); empty when none
 */
public record LoadBalancerPlan(String provider, String service, List<Step> steps, String problem) {

    /** What a step does to its resource. */
    public enum Action {
        CREATE,
        UPDATE,
        DELETE,
        /** Found by its name and tags after a create whose answer was lost: taken over instead of made twice. */
        ADOPT,
        /** Ours and changed behind our back (tags removed, detached, left failed by the cloud): put back. */
        REPAIR,
        /** Ours and owned by nothing any more (left by an attempt that failed half-way): deleted. */
        CLEAN
    }

    /**
     * One resource's change.
     *
     * @param kind {@code load-balancer}, {@code listener}, {@code target-group}, {@code security-group}, ...
     * @param resource the cloud's name or id of it
     * @param reason why, in words
     */
    public record Step(Action action, String kind, String resource, String reason) {
    }

    public LoadBalancerPlan {
        steps = List.copyOf(steps);
    }

    public LoadBalancerPlan(String provider, String service, List<Step> steps) {
        this(provider, service, steps, "");
    }

    public boolean isEmpty() {
        return steps.isEmpty() && problem.isEmpty();
    }

    public long count(Action action) {
        return steps.stream().filter(step -> step.action() == action).count();
    }
}
