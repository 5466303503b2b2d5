package dev.gatehouse.controller.translate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every per-Ingress annotation key Gatehouse knows, under {@code gatehouse.dev/} and, for migration,
 * {@code nginx.ingress.kubernetes.io/}: what it does here, or why it does not. Read by the translator (unknown
 * and unsupported keys), by {@code gatehouse migrate-check} and by docs/annotations.md, so the three agree.
 */
public final class AnnotationCatalog {

    public static final List<String> PREFIXES = List.of("gatehouse.dev/", "nginx.ingress.kubernetes.io/");

    /** What Gatehouse does with a key. */
    public enum Support {
        /** Read, with ingress-nginx's meaning and default. */
        HONOURED,
        /** Not read yet; an Ingress that depends on it for access control is not served until it is. */
        NOT_YET,
        /** Refused by design: it injects proxy configuration text, and Gatehouse has none. */
        REFUSED
    }

    /**
     * One key.
     *
     * @param name       the key without its prefix, e.g. {@code proxy-read-timeout}
     * @param support    what Gatehouse does with it
     * @param restricts  whether it restricts who may reach the backend: such a key that is not read yet keeps its
     *                   Ingress from being served, rather than serve it open
     * @param type       the value's form, e.g. {@code seconds}
     * @param fallback   the default when the key is absent
     * @param meaning    one line for docs and migrate-check
     */
    public record Key(String name, Support support, boolean restricts, String type, String fallback, String meaning) {
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    /** gatehouse.dev/ keys an Ingress carries for other features: ACME and the DNS sync. */
    private static final java.util.Set<String> OTHER_FEATURES = java.util.Set.of("tls-acme", "hostname", "ttl", "target");

    static {
        honoured("ssl-redirect", "boolean", "true", "redirect plain HTTP to HTTPS (308) on hosts with TLS");
        honoured("force-ssl-redirect", "boolean", "false", "redirect plain HTTP to HTTPS (308) on every host of the Ingress");
        honoured("proxy-connect-timeout", "seconds", "5", "how long to wait for an upstream connection");
        honoured("proxy-read-timeout", "seconds", "60", "how long the upstream may stay silent while a response is due");
        honoured("proxy-send-timeout", "seconds", "60", "how long the upstream may refuse more of the request body");
        honoured("proxy-next-upstream-tries", "count", "3", "how many endpoints an idempotent request may try (0, no limit there, is the proxy's default here)");
        honoured("proxy-body-size", "size", "--max-request-body-size", "the largest request body (413 beyond); 0 for no limit");
        honoured("allowlist-source-range", "CIDR list", "everyone", "only these client addresses may reach the Ingress (403 otherwise)");
        honoured("whitelist-source-range", "CIDR list", "everyone", "the older name of allowlist-source-range, which wins when both are set");
        honoured("upstream-vhost", "host", "the client's Host", "the Host header sent upstream");
        honoured("denylist-source-range", "CIDR list", "nobody", "these client addresses get 403, even when an allow list lets them in");
        honoured("permanent-redirect", "URL", "none", "every request of the Ingress is redirected there (301); temporal-redirect wins");
        honoured("permanent-redirect-code", "status", "301", "the status of permanent-redirect (301, 302, 303, 307 or 308)");
        honoured("temporal-redirect", "URL", "none", "every request of the Ingress is redirected there (302)");
        honoured("app-root", "path", "none", "a request for / on the Ingress's hosts is redirected there (302)");
        honoured("x-forwarded-prefix", "text", "none", "the X-Forwarded-Prefix header sent upstream");
        honoured("server-alias", "host list", "none", "more hosts served by the Ingress's rules, as if each rule named them too");
        for (String name : List.of(
                "from-to-www-redirect",
                "rewrite-target",
                "use-regex",
                "backend-protocol",
                "proxy-next-upstream",
                "service-upstream",
                "load-balance",
                "upstream-hash-by",
                "affinity",
                "affinity-mode",
                "session-cookie-name",
                "session-cookie-path",
                "session-cookie-max-age",
                "session-cookie-expires",
                "session-cookie-samesite",
                "session-cookie-secure",
                "session-cookie-change-on-failure",
                "canary-weight",
                "canary-weight-total",
                "canary-by-header",
                "canary-by-header-value",
                "canary-by-header-pattern",
                "canary-by-cookie",
                "auth-realm",
                "auth-signin",
                "auth-response-headers",
                "auth-cache-key",
                "auth-cache-duration",
                "limit-burst-multiplier",
                "limit-whitelist",
                "enable-cors",
                "cors-allow-origin",
                "cors-allow-methods",
                "cors-allow-headers",
                "cors-expose-headers",
                "cors-allow-credentials",
                "cors-max-age",
                "custom-headers",
                "request-headers",
                "default-backend",
                "custom-http-errors",
                "mirror-target",
                "enable-access-log")) {
            put(new Key(name, Support.NOT_YET, false, "", "", "not read yet: the Ingress is served without it"));
        }
        for (String name : List.of(
                "auth-type",
                "auth-secret",
                "auth-secret-type",
                "auth-url",
                "auth-method",
                "limit-rps",
                "limit-rpm",
                "limit-connections",
                "auth-tls-secret",
                "auth-tls-verify-client",
                "auth-tls-verify-depth",
                "auth-tls-match-cn",
                "auth-tls-pass-certificate-to-upstream",
                "enable-modsecurity",
                "enable-owasp-core-rules",
                "global-rate-limit",
                "global-rate-limit-window",
                "global-rate-limit-key",
                "satisfy")) {
            put(new Key(name, Support.NOT_YET, true, "", "", "not read yet: the Ingress is not served, rather than served without it"));
        }
        for (String name : List.of(
                "configuration-snippet",
                "server-snippet",
                "stream-snippet",
                "auth-snippet",
                "modsecurity-snippet")) {
            put(new Key(name, Support.REFUSED, false, "", "", "refused: it injects proxy configuration text, and Gatehouse has none"));
        }
        // the canary Ingress of a pair must not be served as an ordinary one
        put(new Key("canary", Support.NOT_YET, true, "", "", "not read yet: a canary Ingress is not served, rather than served as the main one"));
    }

    private AnnotationCatalog() {
    }

    private static void honoured(String name, String type, String fallback, String meaning) {
        put(new Key(name, Support.HONOURED, false, type, fallback, meaning));
    }

    private static void put(Key key) {
        KEYS.put(key.name(), key);
    }

    /** Every key, in the order docs/annotations.md lists them. */
    public static List<Key> keys() {
        return List.copyOf(KEYS.values());
    }

    /**
     * The key of that name (without prefix), or null. Any {@code *-snippet} key counts as refused, and any other
     * {@code auth-*}, {@code limit-*} or {@code global-rate-limit*} key as access control not read yet: an unknown
     * key of those families keeps its Ingress from being served rather than let it be served open.
     */
    public static Key find(String name) {
        Key key = KEYS.get(name);
        if (key == null && name.endsWith("-snippet")) {
            return new Key(name, Support.REFUSED, false, "", "", "refused: it injects proxy configuration text, and Gatehouse has none");
        }
        if (key == null && (name.startsWith("auth-") || name.startsWith("limit-") || name.startsWith("global-rate-limit"))) {
            return new Key(name, Support.NOT_YET, true, "", "", "not read yet: the Ingress is not served, rather than served without it");
        }
        return key;
    }

    /** Whether {@code name} under {@code gatehouse.dev/} belongs to another feature (ACME, DNS), not to route behaviour. */
    public static boolean otherFeature(String name) {
        return OTHER_FEATURES.contains(name);
    }

    /** The known key closest to {@code name} by edit distance, for "did you mean". */
    public static String closest(String name) {
        return KEYS.keySet().stream().min(Comparator.comparingInt(known -> distance(known, name))).orElseThrow();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
