package dev.gatehouse.routing;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Headers appended to and removed from the request sent upstream and the response sent to the client, as Gateway API's
 * header modifier filters do beside setting them (which {@link RequestFilters#requestHeaders()} and
 * {@link RequestFilters#responseHeaders()} do): set first, then each added value goes after the message's own values of
 * that name, then each removed name is taken out.
 *
 * @param requestAdd     values appended to the request's, by lower-case name
 * @param requestRemove  lower-case names taken out of the request
 * @param responseAdd    values appended to the response's, by lower-case name
 * @param responseRemove lower-case names taken out of the response
 */
public record HeaderEdits(Map<String, String> requestAdd, Set<String> requestRemove, Map<String, String> responseAdd,
                          Set<String> responseRemove) {

    /** Nothing added or removed. */
    public static final HeaderEdits NONE = new HeaderEdits(Map.of(), Set.of(), Map.of(), Set.of());

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";

    public HeaderEdits {
        requestAdd = checked(requestAdd);
        responseAdd = checked(responseAdd);
        requestRemove = checked(requestRemove);
        responseRemove = checked(responseRemove);
    }

    private static Map<String, String> checked(Map<String, String> given) {
        Map<String, String> headers = new TreeMap<>();
        given.forEach((name, value) -> {
            if (name == null || !name.matches(TOKEN) || value == null || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("added header \"" + name + "\" must be a lower-case token with a value "
                        + "without control characters");
            }
            headers.put(name, value);
        });
        return Collections.unmodifiableMap(headers);
    }

    private static Set<String> checked(Set<String> given) {
        for (String name : given) {
            if (name == null || !name.matches(TOKEN)) {
                throw new IllegalArgumentException("removed header \"" + name + "\" must be a lower-case token");
            }
        }
        return Collections.unmodifiableSet(new TreeSet<>(given));
    }

    @Override
    public String toString() {
        // added values may be credentials, as set ones may: names only in logs
        return "HeaderEdits[requestAdd=" + requestAdd.keySet() + ", requestRemove=" + requestRemove + ", responseAdd="
                + responseAdd.keySet() + ", responseRemove=" + responseRemove + "]";
    }
}
