package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** A listener's four conditions from what its check found, the same for every protocol's check. */
final class ListenerConditions {

    private ListenerConditions() {
    }

    /**
     * @param accepted  the reason the listener is not accepted, or null
     * @param resolved  the reason a reference of it is not resolved, or null
     * @param conflict  why it is not distinct from another listener, or null
     * @param where     the listener's port as the messages name it ({@code port 443}, {@code TCP port 5432})
     * @param programmedMessage what serving it means, for a programmed listener
     */
    static List<Condition> of(HasMetadata gateway, String accepted, String acceptedMessage, String resolved, String resolvedMessage,
                              String conflict, String where, String programmedMessage) {
        boolean programmed = accepted == null && resolved == null;
        return List.of(
                Conditions.of(gateway, Conditions.ACCEPTED, accepted == null, accepted == null ? "Accepted" : accepted, acceptedMessage),
                Conditions.of(gateway, Conditions.RESOLVED_REFS, resolved == null, resolved == null ? "ResolvedRefs" : resolved,
                        resolvedMessage),
                Conditions.of(gateway, Conditions.PROGRAMMED, programmed, programmed ? "Programmed" : "Invalid",
                        programmed ? programmedMessage : "the listener is not served: "
                                + (accepted != null ? acceptedMessage : resolvedMessage)),
                Conditions.of(gateway, Conditions.CONFLICTED, conflict != null, conflict != null ? conflict : "NoConflicts",
                        conflict != null ? "another listener on " + where + " is not distinct from this one"
                                : "the listener is distinct from the Gateway's others"));
    }
}
