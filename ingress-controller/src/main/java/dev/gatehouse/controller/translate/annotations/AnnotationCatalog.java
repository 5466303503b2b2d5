package dev.gatehouse.controller.translate.annotations;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every per-Ingress annotation key Gatehouse knows, under {@code gatehouse.dev/} and, for migration,
 * {@code nginx.ingress.kubernetes.io/}: what it does here, or why it does not. Read by the translator (unknown
 * and unsupported keys), by {@code gatehouse migrate-check} and by docs/annotations.md, so the three agree.
 */
public final class AnnotationCatalog {

    public static final List<String> PREFIXES = List.of("gatehouse.dev/", "nginx.ingress.kubernetes.io/");
    /** ingress-nginx's defaults of {@code cors-allow-methods} and {@code cors-allow-headers}. */
    static final String CORS_METHODS = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
    static final String CORS_HEADERS =
            "DNT, Keep-Alive, User-Agent, X-Requested-With, If-Modified-Since, Cache-Control, Content-Type, Range, Authorization";

    /** What Gatehouse does with a key. */
    public enum Support {
        /** Read, with ingress-nginx's meaning and default. */
        HONOURED,
        /** Not read yet; an Ingress that depends on it for access control is not served until it is. */
        NOT_YET,
        /**
         * Refused by design, the key's meaning line says why: it injects proxy configuration text, or asks for an engine
         * Gatehouse does not have (a WAF, FastCGI, Lua); when it restricts access, its Ingress is not served.
         */
        REFUSED,
        /** Read, with the closest meaning Gatehouse has; the key's meaning line says how it differs. */
        APPROXIMATED
    }

    /**
     * One key.
     *
     * @param name       the key without its prefix, e.g. {@code proxy-read-timeout}
     * @param support    what Gatehouse does with it
     * @param restricts  whether it restricts who may reach the backend: such a key that is not read yet, or refused,
     *                   keeps its Ingress from being served, rather than serve it open
     * @param type       the value's form, e.g. {@code seconds}
     * @param fallback   the default when the key is absent
     * @param meaning    one line for docs and migrate-check
     */
    public record Key(String name, Support support, boolean restricts, String type, String fallback, String meaning) {
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    /** gatehouse.dev/ keys an Ingress carries for other features: ACME and the DNS sync. */
    private static final Set<String> OTHER_FEATURES = Set.of("tls-acme", "hostname", "ttl", "target");

    static {
        honoured("ssl-redirect", "boolean", "true", "redirect plain HTTP to HTTPS (308) on hosts with TLS");
        honoured("force-ssl-redirect", "boolean", "false", "redirect plain HTTP to HTTPS (308) on every host of the Ingress");
        honoured("proxy-connect-timeout", "seconds", "5", "how long to wait for an upstream connection");
        honoured("proxy-read-timeout", "seconds", "60", "how long the upstream may stay silent while a response is due");
        honoured("proxy-send-timeout", "seconds", "60", "how long the upstream may refuse more of the request body");
        honoured("proxy-next-upstream-tries", "count", "3", "how many endpoints a request may try when proxy-next-upstream lets it "
                + "(0, no limit there, is the proxy's default here)");
        honoured("proxy-next-upstream", "condition list", "error timeout", "when a body-less request goes to another endpoint, before "
                + "any response byte: error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, "
                + "http_429, non_idempotent (POST and PATCH too), or off");
        honoured("backend-protocol", "HTTP, HTTPS, GRPC, GRPCS or H2C", "the Service port's appProtocol, else HTTP", "how the "
                + "Service ports the Ingress routes to are spoken to (HTTPS and GRPCS unverified unless the Service's "
                + "backend-tls-* say otherwise); AUTO_HTTP, FCGI and AJP are not spoken");
        honoured("service-upstream", "boolean", "false", "true: the Service's cluster IP and port is the one endpoint, instead of "
                + "its endpoints (ExternalName Services unchanged)");
        approximated("load-balance", "round_robin or ewma", "round_robin", "how an endpoint is picked; ewma becomes least-request "
                + "(the less loaded of two endpoints picked at random)");
        honoured("upstream-hash-by", "nginx variable", "none", "consistent hashing (Maglev) on $remote_addr, $request_uri, $host, "
                + "$http_NAME or $cookie_NAME (one variable, not a combination); wins over load-balance");
        honoured("affinity", "cookie", "none", "cookie: a session cookie names the endpoint, and requests that carry it go there "
                + "while it is available; wins over load-balance and upstream-hash-by");
        approximated("affinity-mode", "balanced or persistent", "balanced", "both keep a session on its endpoint while it exists "
                + "(persistent); balanced does not move sessions when endpoints scale up");
        honoured("session-cookie-name", "cookie name", "INGRESSCOOKIE", "the affinity cookie's name");
        honoured("session-cookie-path", "path", "the rule's path", "the affinity cookie's Path (a regex rule's cookie is on / "
                + "unless this is set)");
        honoured("session-cookie-domain", "host name", "none", "the affinity cookie's Domain");
        honoured("session-cookie-max-age", "seconds", "none (a session cookie)", "the affinity cookie's Max-Age (and Expires)");
        honoured("session-cookie-expires", "seconds", "none", "the affinity cookie's Expires, that many seconds after it is set");
        honoured("session-cookie-samesite", "None, Lax or Strict", "none", "the affinity cookie's SameSite; None makes it Secure");
        honoured("session-cookie-secure", "boolean", "false", "true: the affinity cookie is Secure on plain HTTP too (it always "
                + "is on HTTPS)");
        honoured("affinity-canary-behavior", "sticky or legacy", "sticky", "on a canary Ingress: sticky gives the canary the main "
                + "Ingress's affinity, so a client sent to the canary stays there; legacy keeps the canary's own");
        honoured("session-cookie-conditional-samesite-none", "boolean", "false", "true: SameSite=None is left out for browsers "
                + "known to reject a cookie with it (Chrome 51-66, iOS 12, Safari on macOS 10.14, UC Browser before 12.13.2)");
        honoured("session-cookie-change-on-failure", "boolean", "false", "true: a request whose endpoint is unavailable gets a "
                + "cookie for its new endpoint; false: it keeps its cookie and returns when the endpoint is back");
        honoured("proxy-body-size", "size", "--max-request-body-size", "the largest request body (413 beyond); 0 for no limit");
        honoured("proxy-request-buffering", "on/off", "on", "on: the request body is read completely before an upstream is "
                + "chosen and connected (a chunked one then goes up with Content-Length, without trailers); off: it streams up as "
                + "it comes; gRPC bodies always stream");
        honoured("client-body-buffer-size", "size", "8k", "how much of a buffered request body is held in memory; the rest waits "
                + "in an owner-only file under --request-body-temp-dir, deleted when the request ends");
        honoured("proxy-buffering", "on/off", "off", "on: the upstream's answer is read ahead of a slow client, in memory up to "
                + "proxy-buffers-number × proxy-buffer-size and beyond that in an owner-only file up to proxy-max-temp-file-size, "
                + "so the upstream connection is free once the answer is in; off: read as the client takes it");
        honoured("proxy-max-temp-file-size", "size", "1024m", "with proxy-buffering on, how much of an answer beyond the memory "
                + "buffers waits in an owner-only file under --request-body-temp-dir (deleted when the request ends); 0: none, "
                + "the upstream is then read only as fast as the client takes what the memory holds");
        approximated("proxy-buffer-size", "size", "4k", "with proxy-buffers-number, how much of an answer proxy-buffering reads "
                + "ahead; not the size of the head's buffer, which Netty sizes");
        approximated("proxy-buffers-number", "count", "4", "with proxy-buffer-size, how much of an answer proxy-buffering reads "
                + "ahead (their product)");
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
        honoured("use-regex", "boolean", "false", "the Ingress's paths are RE2 regular expressions, matched case-insensitively from the "
                + "start of the path; every path of its hosts then is one");
        honoured("rewrite-target", "rewrite template", "none", "the path sent upstream, with $1 to $9 for the path's capture groups "
                + "(query kept); implies use-regex on the Ingress's hosts");
        honoured("from-to-www-redirect", "boolean", "false", "www.HOST is redirected to HOST (or the reverse) with 308, keeping path "
                + "and query, unless a rule routes it");
        honoured("limit-rps", "count", "0 (no limit)", "requests per second per client address and replica, with a burst of "
                + "limit-rps × limit-burst-multiplier passing at once; beyond it limit-req-status-code (503); unreadable: every "
                + "client outside limit-whitelist is refused");
        honoured("limit-rpm", "count", "0 (no limit)", "requests per minute per client address and replica, with a burst of "
                + "limit-rpm × limit-burst-multiplier; beyond it limit-req-status-code (503); unreadable: as limit-rps");
        honoured("limit-connections", "count", "0 (no limit)", "requests in flight at once per client address and replica; "
                + "beyond it limit-conn-status-code (503); unreadable: as limit-rps");
        honoured("limit-burst-multiplier", "count", "5", "how many times limit-rps or limit-rpm a burst may be; unreadable or 0: 1");
        honoured("limit-allowlist", "CIDR list", "nobody", "client addresses the limit-* keys do not apply to; unreadable: nobody");
        honoured("limit-whitelist", "CIDR list", "nobody", "the older name of limit-allowlist, which wins when both are set");
        honoured("global-rate-limit", "count", "0 (no limit)", "requests per global-rate-limit-window per key, counted in "
                + "the memcached of the ConfigMap's global-rate-limit-memcached-host and so shared by every replica; all paths of the "
                + "Ingress count together; beyond it global-rate-limit-status-code (429). A sliding window estimated from the current "
                + "and previous windows' counts, as ingress-nginx's lua-resty-global-throttle 0.2; memcached unreachable or slower than "
                + "its connect timeout: the request passes and gatehouse_global_rate_limit_errors_total counts it; unreadable: "
                + "every request outside the ignored CIDRs gets 503");
        honoured("global-rate-limit-window", "Go duration", "none (required)", "the window of global-rate-limit, e.g. 1m or 1h30m, in "
                + "whole seconds; shorter than 1s: no limit; unreadable: as global-rate-limit");
        honoured("global-rate-limit-key", "nginx variables and text", "$remote_addr", "what global-rate-limit counts by, e.g. "
                + "${remote_addr}-${http_x_api_client} (variables as auth-url's); a key that comes out empty counts by the client "
                + "address; unreadable: $remote_addr");
        honoured("global-rate-limit-ignored-cidrs", "CIDR list", "nobody", "client addresses global-rate-limit neither counts nor "
                + "refuses; unreadable: nobody");
        honoured("limit-rate", "kilobytes per second", "the ConfigMap's limit-rate, else 0 (none)", "each answer's body goes to the "
                + "client no faster than this, with the current second's worth at once as nginx allows (the upstream is not read "
                + "faster meanwhile); with proxy-buffering off too");
        honoured("limit-rate-after", "kilobytes", "the ConfigMap's limit-rate-after, else 0", "how much of each answer's body goes "
                + "at once before limit-rate applies");
        honoured("auth-type", "basic", "none", "basic: requests need a user and password of auth-secret (401 otherwise); any other "
                + "value (digest too) answers every request 503");
        honoured("auth-secret", "Secret name", "none", "the Secret of basic auth's users, in the Ingress's namespace (NAME, or "
                + "NAMESPACE/NAME of that namespace); missing, unreadable or in another namespace, every request is answered 503");
        honoured("auth-secret-type", "auth-file or auth-map", "auth-file", "auth-file: key auth holds an htpasswd file (bcrypt, "
                + "$apr1$, $1$, $5$, $6$, {SHA}); auth-map: each key is a user, its value the hash; any other value answers every "
                + "request 503");
        honoured("auth-realm", "text", "empty", "the realm of basic auth's challenge");
        honoured("auth-url", "URL", "none", "external auth: each request is first sent, without body, to this URL (nginx "
                + "variables such as $host allowed; none with a user or password); 2xx forwards it, 401 and 403 are passed on, "
                + "anything else is 500");
        honoured("auth-method", "method", "GET", "the method of external auth's subrequest");
        honoured("auth-signin", "URL", "none", "where a 401 of external auth redirects the client (302), with the original URL "
                + "in its rd parameter");
        honoured("auth-signin-redirect-param", "query parameter", "rd", "the parameter of auth-signin that carries the original URL");
        honoured("auth-response-headers", "header list", "none", "headers of external auth's answer set on the request sent "
                + "upstream (the client's own of those names never pass)");
        honoured("auth-request-redirect", "text", "$request_uri", "the X-Auth-Request-Redirect header sent to external auth");
        honoured("auth-proxy-set-headers", "ConfigMap", "none", "a ConfigMap of the Ingress's namespace whose data are more "
                + "headers sent to external auth (nginx variables allowed); missing, every request is answered 503");
        honoured("auth-cache-key", "text", "none", "caches external auth's answers by this key (nginx variables such as "
                + "$remote_user$http_authorization), per URL; without it nothing is cached");
        honoured("auth-cache-duration", "statuses and time", "200 202 401 5m", "how long answers are cached, by status, e.g. "
                + "\"200 202 10m, 401 5m\"; no status means 200, 301 and 302, any means every status");
        honoured("auth-always-set-cookie", "true or false", "false", "the Set-Cookie headers of external auth's answer reach "
                + "the client on every answer: errors, the proxy's own answers and custom error pages included; without it on 2xx "
                + "and 3xx answers only (a sign-in redirect too)");
        honoured("satisfy", "any or all", "all", "any: a request passes when one of the source lists, basic auth and external "
                + "auth lets it in (checked in that order; refused by all, the client gets 401, or external auth's sign-in redirect, "
                + "before 403); all: every one must; another value is reported and all applies");
        honoured("default-backend", "Service name", "the snapshot's default backend", "a Service of the Ingress's namespace "
                + "(its first port) that answers when the route's Service has no endpoint, and serves custom-http-errors");
        honoured("custom-http-errors", "status list", "none", "answers with these statuses (the upstream's, and the proxy's "
                + "502/503/504) are replaced by the default backend's, which gets X-Code, X-Format, X-Original-URI and the like");
        honoured("disable-proxy-intercept-errors", "boolean", "false", "true: the upstream's answers pass through even with a "
                + "custom-http-errors status; the default backend still answers for a Service without endpoints");
        honoured("mirror-target", "URL", "none", "a copy of each request is sent there ($request_uri allowed) and its answer "
                + "discarded; copies beyond 256 in flight are dropped");
        honoured("mirror-request-body", "on/off", "on", "whether mirrored copies carry the request body (up to 256 KiB; a "
                + "request with a larger one is not mirrored)");
        honoured("mirror-host", "host", "the mirror target's host", "the Host header of mirrored copies");
        honoured("enable-access-log", "boolean", "true", "false keeps the Ingress's requests out of the access log");
        honoured("enable-opentelemetry", "boolean", "true", "with --otlp-endpoint, false keeps the Ingress's requests out of "
                + "traces: no span, and the client's trace headers go upstream as sent");
        honoured("opentelemetry-trust-incoming-span", "boolean", "true", "false starts a new trace for each request instead of "
                + "continuing the client's traceparent, which the upstream then does not see");
        honoured("enable-cors", "boolean", "false", "cross-origin resource sharing: preflights (OPTIONS with Origin and "
                + "Access-Control-Request-Method) answered 204 at the edge, CORS headers on responses to an allowed origin");
        honoured("cors-allow-origin", "origin list", "*", "the origins allowed: *, scheme://host[:port], or https://*.example.com "
                + "for one level of subdomains; an allowed origin is echoed (with Vary: Origin)");
        honoured("cors-allow-methods", "method list", CORS_METHODS, "Access-Control-Allow-Methods of preflight answers");
        honoured("cors-allow-headers", "header list", CORS_HEADERS, "Access-Control-Allow-Headers of preflight answers");
        honoured("cors-expose-headers", "header list", "none", "Access-Control-Expose-Headers: response headers scripts may read");
        honoured("cors-allow-credentials", "boolean", "true", "whether Access-Control-Allow-Credentials: true is sent");
        honoured("cors-max-age", "seconds", "1728000", "Access-Control-Max-Age: how long a browser may cache a preflight answer");
        honoured("custom-headers", "ConfigMap", "none", "a ConfigMap of the Ingress's namespace (name or namespace/name) whose data "
                + "are headers set on every response of the Ingress");
        honoured("request-headers", "ConfigMap", "none", "Gatehouse's own: a ConfigMap of the Ingress's namespace whose data are "
                + "headers set on every request sent upstream (ingress-nginx's global proxy-set-headers, per Ingress)");
        for (String name : List.of(
                "upstream-hash-by-subset",
                "upstream-hash-by-subset-size",
                "proxy-http-version",
                "proxy-redirect-from",
                "proxy-redirect-to",
                "preserve-trailing-slash",
                "use-port-in-redirects",
                "connection-proxy-header",
                "proxy-ssl-name",
                "proxy-ssl-server-name",
                "enable-global-auth")) {
            put(new Key(name, Support.NOT_YET, false, "", "", "not read yet: the Ingress is served without it"));
        }
        honoured("ssl-passthrough", "boolean", "false", "true: on the HTTPS port, a ClientHello naming one of the Ingress's exact "
                + "rule hosts is relayed without decrypting to the backend of that host's path /, which presents its own "
                + "certificate; other paths, spec.tls and wildcard or host-less rules have no part in it (each reported); plain "
                + "HTTP on the host is served as usual");
        honoured("auth-tls-secret", "NAME or NAMESPACE/NAME", "none", "a Secret of the Ingress's namespace with ca.crt (the CAs "
                + "client certificates must chain to) and optionally ca.crl: the Ingress's TLS hosts ask clients for a "
                + "certificate in the handshake; a missing or unreadable Secret answers every request 503");
        honoured("auth-tls-verify-client", "on, optional, optional_no_ca or off", "on", "on: a verified certificate is required "
                + "(400 without one or with a bad one); optional: a bad one gets 400, none passes; optional_no_ca: a "
                + "certificate no CA of the Secret issued passes too, marked FAILED; off: none is asked for");
        honoured("auth-tls-verify-depth", "integer", "1", "the most CA certificates between a client certificate and its "
                + "self-signed root; a longer chain fails");
        honoured("auth-tls-match-cn", "RE2 regular expression", "none", "the client certificate's subject DN (RFC 2253, e.g. "
                + "CN=alice,O=Shop) must contain a match, else 403; at most 1024 characters and 10000 repetitions in all, "
                + "else every request is answered 503");
        honoured("auth-tls-pass-certificate-to-upstream", "boolean", "false", "true: the client certificate goes upstream in "
                + "ssl-client-cert, URL-encoded PEM");
        honoured("auth-tls-error-page", "URL", "none", "where a request whose certificate is missing or fails is redirected "
                + "(302) instead of answered 400");
        for (String name : List.of(
                "proxy-ssl-secret",
                "proxy-ssl-verify")) {
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
        for (String name : List.of("enable-modsecurity", "enable-owasp-core-rules")) {
            put(new Key(name, Support.REFUSED, true, "", "", "refused: Gatehouse has no WAF engine (ModSecurity); the Ingress is not "
                    + "served, rather than served without the rules it asks for"));
        }
        refused("modsecurity-transaction-id", "refused: Gatehouse has no WAF engine (ModSecurity), so there is no transaction to name");
        refused("enable-rewrite-log", "refused: it turns on nginx's rewrite-module debug log, which Gatehouse has no counterpart of");
        refused("http2-push-preload", "refused: HTTP/2 server push, which browsers have dropped and nginx removed; nothing is pushed");
        for (String name : List.of("fastcgi-index", "fastcgi-params-configmap")) {
            refused(name, "refused: Gatehouse speaks HTTP/1.1, HTTP/2 and gRPC to upstreams, not FastCGI (nor AJP)");
        }
        for (String name : List.of("auth-keepalive", "auth-keepalive-requests", "auth-keepalive-timeout")) {
            approximated(name, "", "", "external auth's subrequests always reuse their connections, in one pool (the JDK HTTP "
                    + "client's) shared by every route, with its own limits");
        }
        approximated("auth-keepalive-share-vars", "", "", "the subrequest and the request share nothing but what "
                + "auth-response-headers copies from the auth service's answer");
        for (String name : List.of(
                "session-cookie-partitioned",
                "temporal-redirect-code",
                "opentelemetry-operation-name",
                "proxy-next-upstream-timeout",
                "proxy-cookie-domain",
                "proxy-cookie-path",
                "proxy-ssl-ciphers",
                "proxy-ssl-protocols",
                "proxy-ssl-verify-depth",
                "ssl-ciphers",
                "ssl-prefer-server-ciphers")) {
            // another change may already read it: what reads it wins over "not yet"
            KEYS.putIfAbsent(name, new Key(name, Support.NOT_YET, false, "", "", "not read yet: the Ingress is served without it"));
        }
        honoured("canary", "boolean", "false", "the Ingress is a canary: each of its paths takes part of the requests of the main "
                + "Ingress's rule with the same host, path and pathType, whose settings apply (an unreadable value: not served)");
        honoured("canary-weight", "integer", "0", "requests out of canary-weight-total the canary takes when neither header nor "
                + "cookie decides");
        honoured("canary-weight-total", "integer", "100", "the total canary-weight is out of");
        honoured("canary-by-header", "header name", "none", "a request header that decides first: always sends to the canary, "
                + "never keeps off, other values fall through to the cookie and weight");
        honoured("canary-by-header-value", "text", "none", "the canary-by-header value that sends to the canary (instead of "
                + "always); any other value falls through");
        honoured("canary-by-header-pattern", "RE2 regular expression", "none", "a canary-by-header value with a match of it "
                + "(anywhere; anchor with ^...$) sends to the canary; ignored when canary-by-header-value is set");
        honoured("canary-by-cookie", "cookie name", "none", "a cookie that decides after the header: always sends to the canary, "
                + "never keeps off");
    }

    private AnnotationCatalog() {
    }

    private static void honoured(String name, String type, String fallback, String meaning) {
        put(new Key(name, Support.HONOURED, false, type, fallback, meaning));
    }

    private static void refused(String name, String meaning) {
        put(new Key(name, Support.REFUSED, false, "", "", meaning));
    }

    private static void approximated(String name, String type, String fallback, String meaning) {
        put(new Key(name, Support.APPROXIMATED, false, type, fallback, meaning));
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
