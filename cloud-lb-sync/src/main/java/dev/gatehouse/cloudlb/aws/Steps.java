package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Step;

/** The steps of the AWS providers' plans, and the kinds of resource they name. */
final class Steps {

    static final String LOAD_BALANCER = "load-balancer";
    static final String LISTENER = "listener";
    static final String TARGET_GROUP = "target-group";
    static final String TARGETS = "targets";
    static final String HEALTH_CHECK = "health-check";
    static final String SECURITY_GROUP = "security-group";
    static final String INGRESS_RULES = "ingress-rules";

    private Steps() {
    }

    static Step create(String kind, String resource, String reason) {
        return new Step(Action.CREATE, kind, resource, reason);
    }

    static Step update(String kind, String resource, String reason) {
        return new Step(Action.UPDATE, kind, resource, reason);
    }

    static Step delete(String kind, String resource, String reason) {
        return new Step(Action.DELETE, kind, resource, reason);
    }

    static Step adopt(String kind, String resource) {
        return new Step(Action.ADOPT, kind, resource, "found by its name and tags after a create whose answer was lost");
    }

    static Step repair(String kind, String resource, String reason) {
        return new Step(Action.REPAIR, kind, resource, reason);
    }

    static Step clean(String kind, String resource, String reason) {
        return new Step(Action.CLEAN, kind, resource, reason);
    }
}
