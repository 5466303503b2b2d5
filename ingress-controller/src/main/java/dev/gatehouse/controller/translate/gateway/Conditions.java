package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Conditions as the Gateway API spells them; times are left to the status writer, which knows the clock. */
final class Conditions {

    static final String ACCEPTED = "Accepted";
    static final String PROGRAMMED = "Programmed";
    static final String RESOLVED_REFS = "ResolvedRefs";
    static final String PARTIALLY_INVALID = "PartiallyInvalid";
    static final String CONFLICTED = "Conflicted";

    private Conditions() {
    }

    static Condition of(HasMetadata object, String type, boolean status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason).withMessage(message)
                .withObservedGeneration(object.getMetadata().getGeneration()).build();
    }
}
