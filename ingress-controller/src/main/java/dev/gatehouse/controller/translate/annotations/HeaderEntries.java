package dev.gatehouse.controller.translate.annotations;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a header ConfigMap may set. Names are tokens and values printable ASCII text on one line, so nothing can split
 * a header or start another. Headers that frame a message or belong to one connection are refused in both directions,
 * since a fixed value would corrupt the exchange; on requests also those the proxy sets from the client's connection
 * (a fixed X-Forwarded-For would hide the client), on responses those set per response by the upstream or by the edge's
 * own settings. In the spirit of ingress-nginx's {@code global-allowed-response-headers}, the rest is an end-to-end
 * header an Ingress's owner may set.
 */
final class HeaderEntries {

    /** Which message the headers go on. */
    enum Direction {
        REQUEST("request"), RESPONSE("response");

        private final String what;

        Direction(String what) {
            this.what = what;
        }

        String what() {
            return what;
        }
    }

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Map<String, String> REFUSED_BOTH = new HashMap<>();
    private static final Map<String, String> REFUSED_REQUEST = new HashMap<>();
    private static final Map<String, String> REFUSED_RESPONSE = new HashMap<>();
    /** Request headers whose values are credentials: never repeated in a warning. */
    private static final Set<String> SECRETS = Set.of("authorization", "proxy-authorization", "cookie");

    static {
        refuse(REFUSED_BOTH, "is a hop-by-hop header, which belongs to one connection", List.of("connection", "keep-alive",
                "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization",
                "http2-settings"));
        refuse(REFUSED_BOTH, "frames the message, which the proxy does", List.of("content-length"));
        refuse(REFUSED_REQUEST, "is the Host, which upstream-vhost sets", List.of("host"));
        refuse(REFUSED_REQUEST, "is set by the proxy from the client's connection", List.of("x-forwarded-for", "x-forwarded-host",
                "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"));
        refuse(REFUSED_REQUEST, "is set by the proxy for each request", List.of("x-request-id", "expect"));
        refuse(REFUSED_RESPONSE, "is set by the upstream for each response (one value would replace its own)",
                List.of("set-cookie", "content-encoding", "content-range"));
        refuse(REFUSED_RESPONSE, "is set by the hsts settings", List.of("strict-transport-security"));
    }

    private HeaderEntries() {
    }

    private static void refuse(Map<String, String> refused, String reason, List<String> names) {
        names.forEach(name -> refused.put(name, reason));
    }

    /** What is wrong with header {@code name: value} in that direction, ending with what was expected; null when nothing. */
    static String problem(Direction direction, String name, String value) {
        if (!name.matches(TOKEN)) {
            return "is not a header name (expected a token such as X-Frame-Options)";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String refused = REFUSED_BOTH.getOrDefault(lower,
                (direction == Direction.REQUEST ? REFUSED_REQUEST : REFUSED_RESPONSE).get(lower));
        if (refused != null) {
            return refused + " (expected an end-to-end header such as X-Frame-Options)";
        }
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            return "has no value (expected text)";
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c >= 0x7f)) {
            return "holds a control or non-ASCII character (expected printable ASCII text on one line)";
        }
        return null;
    }

    /** Whether a header's value is a credential, not to be repeated in messages. */
    static boolean secret(String name) {
        return SECRETS.contains(name.toLowerCase(Locale.ROOT));
    }
}
