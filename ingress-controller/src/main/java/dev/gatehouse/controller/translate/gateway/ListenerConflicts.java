package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The listeners of one Gateway that are not distinct, as the specification defines it: on one port, listeners of
 * different protocols conflict ({@code ProtocolConflict}), and listeners of one protocol conflict when their hostnames
 * are the same, no hostname being one value ({@code HostnameConflict}). Every listener of a conflict is reported, none
 * wins. Only the protocols Gatehouse serves are compared: a listener of another protocol is not accepted anyway. A TCP and a
 * UDP listener on one port are distinct (their ports are apart); two TCP (or two UDP) listeners on one port are not,
 * whatever their hostnames say, since neither protocol carries a hostname to tell them apart.
 */
final class ListenerConflicts {

    static final String HOSTNAME_CONFLICT = "HostnameConflict";
    static final String PROTOCOL_CONFLICT = "ProtocolConflict";
    private static final Set<String> COMPARED = Set.of("HTTP", "HTTPS", "TCP", "UDP");
    /** TCP and UDP ports are apart: listeners of the two on one port are distinct. */
    private static final Set<String> APART = Set.of("TCP", "UDP");

    private ListenerConflicts() {
    }

    /** The reason each conflicted listener of {@code listeners} conflicts, by listener name; the others are not in it. */
    static Map<String, String> of(List<Listener> listeners) {
        Map<String, String> conflicts = new HashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            for (int j = i + 1; j < listeners.size(); j++) {
                String reason = conflict(listeners.get(i), listeners.get(j));
                if (reason != null) {
                    // a protocol conflict says more than a hostname one: it cannot be resolved by a hostname
                    conflicts.merge(listeners.get(i).getName(), reason, ListenerConflicts::stronger);
                    conflicts.merge(listeners.get(j).getName(), reason, ListenerConflicts::stronger);
                }
            }
        }
        return conflicts;
    }

    /** Why {@code candidate} is not distinct from one of {@code winners}, which keep their port and hostname, or null. */
    static String against(Listener candidate, List<Listener> winners) {
        String reason = null;
        for (Listener winner : winners) {
            String one = conflict(candidate, winner);
            reason = one == null ? reason : reason == null ? one : stronger(reason, one);
        }
        return reason;
    }

    private static String conflict(Listener a, Listener b) {
        if (!COMPARED.contains(a.getProtocol()) || !COMPARED.contains(b.getProtocol()) || !Objects.equals(a.getPort(), b.getPort())) {
            return null;
        }
        if (!a.getProtocol().equals(b.getProtocol())) {
            return APART.contains(a.getProtocol()) && APART.contains(b.getProtocol()) ? null : PROTOCOL_CONFLICT;
        }
        return APART.contains(a.getProtocol()) || hostname(a).equals(hostname(b)) ? HOSTNAME_CONFLICT : null;
    }

    private static String hostname(Listener listener) {
        return listener.getHostname() == null ? "" : listener.getHostname().toLowerCase(Locale.ROOT);
    }

    private static String stronger(String a, String b) {
        return a.equals(PROTOCOL_CONFLICT) || b.equals(PROTOCOL_CONFLICT) ? PROTOCOL_CONFLICT : HOSTNAME_CONFLICT;
    }
}
