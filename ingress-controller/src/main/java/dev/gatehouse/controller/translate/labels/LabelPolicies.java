package dev.gatehouse.controller.translate.labels;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.SessionAffinity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marathon-lb keys that shape how a port's endpoints are used, whoever routes to it (label routes,
 * Ingresses, TCP listeners): {@code HAPROXY_{n}_STICKY} (cookie affinity with marathon-lb's cookie
 * {@code mesosphere_server_id}), {@code HAPROXY_{n}_BALANCE} and {@code HAPROXY_{n}_BACKEND_HEALTHCHECK_PORT_INDEX}.
 */
public final class LabelPolicies {

    static final String STICKY_COOKIE = "mesosphere_server_id";
    private static final Pattern HEADER = Pattern.compile("hdr\\(([!#$%&'*+.^_`|~0-9A-Za-z-]+)\\)");

    private LabelPolicies() {
    }

    /** {@code policy} with the port's stickiness and balance applied. */
    public static ClusterPolicy apply(ObjectRef owner, Map<String, String> keys, int index, ClusterPolicy policy, List<Warning> warnings) {
        LabelKeys.Found sticky = LabelKeys.find(keys, index, "STICKY");
        if (sticky != null) {
            String value = sticky.value().trim().toLowerCase(Locale.ROOT);
            if (PortLabels.TRUE.contains(value)) {
                policy = policy.withAffinity(SessionAffinity.insertIndirect(STICKY_COOKIE));
            } else if (!PortLabels.FALSE.contains(value)) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + sticky.key() + ": \"" + sticky.value()
                        + "\" is not a boolean (expected true or false, as marathon-lb reads yes/no/t/f too); not sticky"));
            }
        }
        LabelKeys.Found balance = LabelKeys.find(keys, index, "BALANCE");
        if (balance != null) {
            LoadBalancing chosen = balance(balance.value().trim());
            if (chosen == null) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + balance.key() + ": \"" + balance.value()
                        + "\" is not a balance Gatehouse has (expected roundrobin, static-rr, leastconn, source, uri or hdr(NAME)); "
                        + "using roundrobin"));
            } else {
                policy = policy.withLoadBalancing(chosen);
            }
        }
        return policy;
    }

    /**
     * The index of the port whose endpoint port health checks go to, or null: unset, or not a port of the
     * app (reported).
     *
     * @param ports how many ports the Service or app has
     */
    public static Integer healthCheckPortIndex(ObjectRef owner, Map<String, String> keys, int index, int ports, List<Warning> warnings) {
        LabelKeys.Found found = LabelKeys.find(keys, index, "BACKEND_HEALTHCHECK_PORT_INDEX");
        if (found == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(found.value().trim());
            if (value >= 0 && value < ports) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + found.key() + ": \"" + found.value()
                + "\" is not the index of a port (expected 0 to " + (ports - 1) + "); health checks go to the port itself"));
        return null;
    }

    private static LoadBalancing balance(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "roundrobin", "static-rr" -> {
                return LoadBalancing.ROUND_ROBIN;
            }
            case "leastconn" -> {
                return new LoadBalancing.LeastRequest(2);
            }
            case "source" -> {
                return new LoadBalancing.ConsistentHash(new HashKey.ClientAddress());
            }
            case "uri" -> {
                return new LoadBalancing.ConsistentHash(new HashKey.RequestUri());
            }
            default -> {
                Matcher header = HEADER.matcher(value);
                return header.matches() ? new LoadBalancing.ConsistentHash(new HashKey.Header(header.group(1))) : null;
            }
        }
    }
}
