package dev.gatehouse.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TLS passthrough rules of a snapshot, indexed for the one lookup a ClientHello needs: by port and server name.
 */
final class PassthroughHosts {

    static final PassthroughHosts NONE = new PassthroughHosts(List.of(), Map.of());

    private final List<TlsPassthrough> rules;
    // "port host" for exact hosts, "port .domain" for wildcards: one map, no per-port nesting
    private final Map<String, TlsPassthrough> byKey;

    private PassthroughHosts(List<TlsPassthrough> rules, Map<String, TlsPassthrough> byKey) {
        this.rules = rules;
        this.byKey = byKey;
    }

    /** @throws IllegalArgumentException when a host repeats on a port */
    static PassthroughHosts of(List<TlsPassthrough> rules) {
        List<TlsPassthrough> sorted = rules.stream().sorted().toList();
        Map<String, TlsPassthrough> byKey = new HashMap<>();
        for (TlsPassthrough rule : sorted) {
            if (byKey.put(key(rule), rule) != null) {
                throw new IllegalArgumentException("TLS passthrough host " + rule.host() + " appears twice on port " + rule.port()
                        + " (expected one cluster per host and port)");
            }
        }
        return new PassthroughHosts(sorted, Map.copyOf(byKey));
    }

    private static String key(TlsPassthrough rule) {
        HostPattern host = rule.host();
        return rule.port() + " " + (host.kind() == HostPattern.Kind.EXACT ? host.value() : host.value().substring(1));
    }

    List<TlsPassthrough> rules() {
        return rules;
    }

    Set<Integer> ports() {
        Set<Integer> ports = new HashSet<>();
        rules.forEach(rule -> ports.add(rule.port()));
        return ports;
    }

    /** The rule for {@code serverName} (lower case) on {@code port}: the exact name's, else the longest wildcard's; or null. */
    TlsPassthrough find(int port, String serverName) {
        if (rules.isEmpty()) {
            return null;
        }
        String prefix = port + " ";
        TlsPassthrough exact = byKey.get(prefix + serverName);
        if (exact != null) {
            return exact;
        }
        for (int dot = serverName.indexOf('.'); dot > 0; dot = serverName.indexOf('.', dot + 1)) {
            TlsPassthrough wildcard = byKey.get(prefix + serverName.substring(dot));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PassthroughHosts other && rules.equals(other.rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }
}
