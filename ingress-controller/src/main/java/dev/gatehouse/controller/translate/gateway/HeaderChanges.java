package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the header modifier filters of a rule (and of its backend) do to one direction's headers: the names set, added
 * and removed, by lower-case name. Of repeated names in one list the first counts, as the specification says of
 * equivalent names. Headers that frame the message or belong to one connection are refused: the proxy sets them, and a
 * fixed value would corrupt the exchange.
 */
final class HeaderChanges {

    private static final Set<String> REFUSED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "http2-settings", "content-length");

    private final Map<String, String> set = new TreeMap<>();
    private final Map<String, String> add = new TreeMap<>();
    private final Set<String> remove = new TreeSet<>();

    /** Reads one filter's settings; returns why it cannot be served, or null. */
    String read(String field, HTTPHeaderFilter filter) {
        if (filter == null) {
            return field + ": the filter's settings are missing";
        }
        Map<String, String> setHere = new TreeMap<>();
        Map<String, String> addHere = new TreeMap<>();
        String problem = values(field + ".set", filter.getSet(), setHere);
        problem = problem != null ? problem : values(field + ".add", filter.getAdd(), addHere);
        if (problem != null) {
            return problem;
        }
        Set<String> removeHere = new TreeSet<>();
        for (String name : filter.getRemove() == null ? List.<String>of() : filter.getRemove()) {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            String nameProblem = nameProblem(lower);
            if (nameProblem != null) {
                return field + ".remove: header \"" + name + "\" " + nameProblem;
            }
            removeHere.add(lower);
        }
        for (String name : addHere.keySet()) {
            if (add.containsKey(name)) {
                return field + ".add: header \"" + name + "\" is added by another filter of the rule too";
            }
        }
        set.putAll(setHere);
        add.putAll(addHere);
        remove.addAll(removeHere);
        return null;
    }

    private static String values(String field, List<HTTPHeader> headers, Map<String, String> into) {
        for (HTTPHeader header : headers == null ? List.<HTTPHeader>of() : headers) {
            String name = header.getName() == null ? "" : header.getName().toLowerCase(Locale.ROOT);
            String value = header.getValue() == null ? "" : header.getValue();
            String problem = nameProblem(name);
            if (problem == null && value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                problem = "has a control character in its value";
            }
            if (problem != null) {
                return field + ": header \"" + header.getName() + "\" " + problem;
            }
            into.putIfAbsent(name, value);
        }
        return null;
    }

    private static String nameProblem(String lower) {
        if (!lower.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
            return "is not a header name (expected a token)";
        }
        return REFUSED.contains(lower) ? "frames the message or belongs to one connection, which the proxy does" : null;
    }

    Map<String, String> set() {
        return set;
    }

    Map<String, String> add() {
        return add;
    }

    Set<String> remove() {
        return remove;
    }
}
