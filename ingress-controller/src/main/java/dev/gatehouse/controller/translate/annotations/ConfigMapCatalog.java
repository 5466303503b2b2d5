package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.annotations.AnnotationCatalog.Key;
import dev.gatehouse.controller.translate.annotations.AnnotationCatalog.Support;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key of ingress-nginx's global ConfigMap, as the {@code --config} ConfigMap would carry it: what Gatehouse
 * does with it, or why it does not. The keys it reads are {@link GlobalConfig#KEYS}; this is the complete list that
 * {@code gatehouse migrate-check --config} and docs/annotations.md report, so an operator learns about every key of
 * the ConfigMap they have before switching.
 */
public final class ConfigMapCatalog {

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    private static final String SNIPPET = "refused: it injects proxy configuration text, and Gatehouse has none";
    private static final String PROCESS = "refused: it tunes nginx's own process, which Gatehouse does not have";
    private static final String NO_LOG_FILES = "refused: Gatehouse writes its logs to standard output and error (--access-log, "
            + "--log-format), not to files or syslog";
    private static final String OLD_TRACING = "refused: OpenTracing, Jaeger, Zipkin and Datadog tracers were removed from "
            + "ingress-nginx; Gatehouse exports OpenTelemetry (--otlp-endpoint, --trace-sample-ratio)";
    private static final String OTEL = "approximated: Gatehouse exports OpenTelemetry spans over OTLP/HTTP to --otlp-endpoint, "
            + "with enable-opentelemetry, otel-sampler and otel-sampler-ratio read from the ConfigMap; this key is not read";
    private static final String SERVED_WITHOUT = "not read yet: every Ingress is served without it";
    private static final String EVERY_INGRESS_503 = "not read yet: it is access control, so every Ingress is answered 503 until it "
            + "is removed, rather than served without it";

    static {
        for (String name : GlobalConfig.KEYS) {
            honoured(name, "as the annotation of that name, or the setting docs/annotations.md lists under Global defaults");
        }
        approximated("load-balance", "round_robin, or ewma as least-request (the less loaded of two endpoints picked at random)");
        approximated("gzip-disable", "an RE2 expression matched against User-Agent, case-insensitive; one that only PCRE "
                + "understands (look-ahead, back-references) is reported and every client that accepts gzip gets it");
        approximated("global-rate-limit-memcached-pool-size", "read and checked; each event loop pipelines its counters over one "
                + "connection per memcached server, so a replica keeps as many connections as it has event loops, not pool-size");
        approximated("proxy-buffer-size", "as the annotation: with proxy-buffers-number, how much of an answer is read ahead");
        approximated("proxy-buffers-number", "as the annotation: with proxy-buffer-size, how much of an answer is read ahead");
        approximated("compute-full-forwarded-for", "accepted; Gatehouse always appends the peer to a trusted X-Forwarded-For chain, "
                + "which is what true does");
        for (String name : List.of("main-snippet", "http-snippet", "server-snippet", "location-snippet", "stream-snippet",
                "modsecurity-snippet", "global-auth-snippet")) {
            put(name, Support.REFUSED, false, SNIPPET);
        }
        put("allow-snippet-annotations", Support.REFUSED, false, "refused when true: *-snippet annotations are refused whatever it "
                + "says, since Gatehouse has no configuration text to inject them into");
        put("annotation-value-word-blocklist", Support.REFUSED, false, "refused: annotation values are parsed into typed settings "
                + "and never rendered into configuration text, so there is nothing for a word list to guard");
        put("annotations-risk-level", Support.REFUSED, false, "refused: it only ranks which annotations nginx may render as text; "
                + "Gatehouse reads each annotation as a typed setting and refuses the snippets");
        put("enable-modsecurity", Support.REFUSED, true, "refused: Gatehouse has no WAF engine (ModSecurity); every Ingress is "
                + "answered 503 while it is set, rather than served without the rules it asks for");
        put("enable-owasp-modsecurity-crs", Support.REFUSED, true, "refused: Gatehouse has no WAF engine to run the OWASP Core Rule "
                + "Set; every Ingress is answered 503 while it is set, rather than served without it");
        for (String name : List.of("lua-shared-dicts", "plugins")) {
            put(name, Support.REFUSED, false, "refused: Lua dictionaries and plugins extend nginx's Lua; Gatehouse runs no Lua");
        }
        for (String name : List.of("worker-processes", "worker-cpu-affinity", "max-worker-connections", "max-worker-open-files",
                "enable-multi-accept", "reuse-port", "map-hash-bucket-size", "server-name-hash-bucket-size",
                "server-name-hash-max-size", "proxy-headers-hash-bucket-size", "proxy-headers-hash-max-size",
                "variables-hash-bucket-size", "variables-hash-max-size", "debug-connections", "disable-ipv6-dns")) {
            put(name, Support.REFUSED, false, PROCESS);
        }
        approximated("worker-shutdown-timeout", "--shutdown-timeout: how long a stopping process lets requests in flight finish");
        for (String name : List.of("access-log-path", "http-access-log-path", "stream-access-log-path", "error-log-path",
                "access-log-params", "enable-syslog", "syslog-host", "syslog-port", "error-log-level", "log-format-upstream",
                "log-format-stream", "log-format-escape-json", "log-format-escape-none")) {
            put(name, Support.REFUSED, false, NO_LOG_FILES);
        }
        for (String name : List.of("enable-opentracing", "opentracing-operation-name", "opentracing-location-operation-name",
                "opentracing-trust-incoming-span", "zipkin-collector-host", "zipkin-collector-port", "zipkin-service-name",
                "zipkin-sample-rate", "jaeger-collector-host", "jaeger-collector-port", "jaeger-endpoint", "jaeger-service-name",
                "jaeger-propagation-format", "jaeger-sampler-type", "jaeger-sampler-param", "jaeger-sampler-host",
                "jaeger-sampler-port", "jaeger-trace-context-header-name", "jaeger-debug-header", "jaeger-baggage-header",
                "jaeger-trace-baggage-header-prefix", "datadog-collector-host", "datadog-collector-port", "datadog-service-name",
                "datadog-environment", "datadog-operation-name-override", "datadog-priority-sampling", "datadog-sample-rate")) {
            put(name, Support.REFUSED, false, OLD_TRACING);
        }
        for (String name : List.of("opentelemetry-config", "opentelemetry-operation-name", "otlp-collector-host",
                "otlp-collector-port", "otel-service-name", "otel-sampler-parent-based", "otel-max-queuesize",
                "otel-schedule-delay-millis", "otel-max-export-batch-size")) {
            put(name, Support.APPROXIMATED, false, OTEL);
        }
        put("use-geoip", Support.REFUSED, false, "refused: Gatehouse has no GeoIP database (nor does ingress-nginx since v1.0)");
        put("use-geoip2", Support.REFUSED, false, "refused: Gatehouse has no GeoIP2 database; it adds no geo variables or headers");
        approximated("use-http2", "HTTP/2 is always offered over TLS by ALPN; it cannot be turned off by the ConfigMap");
        approximated("http2-max-concurrent-streams", "--http2-max-concurrent-streams, fixed at start");
        approximated("bind-address", "--bind-address, fixed at start");
        approximated("disable-ipv6", "the listeners bind what --bind-address names, fixed at start");
        approximated("enable-real-ip", "use-forwarded-headers and proxy-real-ip-cidr decide whose forwarded headers are believed");
        approximated("generate-request-id", "every request sent upstream carries X-Request-ID: the client's, else a new one");
        approximated("server-tokens", "Gatehouse's own answers carry no Server header naming a version; upstream answers pass as sent");
        approximated("allow-backend-server-header", "the upstream's Server header is always passed to the client, as true does");
        approximated("ignore-invalid-headers", "a request with a malformed header name is refused with 400 (docs/security.md), "
                + "rather than the header ignored");
        approximated("enable-underscores-in-headers", "header names with underscores are forwarded as sent (as true does)");
        approximated("http2-max-field-size", "Netty's HTTP/2 header list limit applies (docs/security.md)");
        approximated("http2-max-header-size", "Netty's HTTP/2 header list limit applies (docs/security.md)");
        approximated("large-client-header-buffers", "Gatehouse's request head limits apply (docs/security.md)");
        approximated("client-header-buffer-size", "Gatehouse's request head limits apply (docs/security.md)");
        approximated("ssl-session-cache", "TLS sessions resume by tickets whose keys Gatehouse rotates itself");
        approximated("ssl-session-cache-size", "TLS sessions resume by tickets whose keys Gatehouse rotates itself");
        approximated("ssl-session-tickets", "TLS session tickets are on, with keys Gatehouse rotates itself");
        approximated("ssl-session-timeout", "TLS sessions resume by tickets whose keys Gatehouse rotates itself");
        put("ssl-session-ticket-key", Support.REFUSED, false, "refused: ticket keys are generated and rotated by Gatehouse and never "
                + "read from configuration");
        approximated("ssl-protocols", "TLS 1.2 and 1.3 are offered, whatever it says");
        approximated("ssl-ciphers", "Netty's HTTP/2 cipher list (ECDHE with AES-GCM or ChaCha20-Poly1305) is offered, whatever it says");
        approximated("ssl-ecdh-curve", "the JDK's default named groups are offered");
        approximated("ssl-dh-param", "no finite-field Diffie-Hellman suite is offered, so no parameters are needed");
        approximated("ssl-buffer-size", "Netty's TLS record sizes apply");
        approximated("ssl-reject-handshake", "a handshake for a name no certificate covers gets the default certificate");
        approximated("no-tls-redirect-locations", "ACME HTTP-01 challenges (/.well-known/acme-challenge/) are never redirected to HTTPS");
        approximated("no-auth-locations", "ACME HTTP-01 challenges are answered before any authentication");
        approximated("http-redirect-code", "redirects to HTTPS answer 308, what its default is");
        approximated("proxy-stream-timeout", "--tcp-idle-timeout, fixed at start");
        approximated("retry-non-idempotent", "proxy-next-upstream's non_idempotent, per Ingress");
        approximated("service-upstream", "the annotation service-upstream, per Ingress");
        put(GlobalConfig.ALWAYS_SET_COOKIE, Support.HONOURED, false, "as in ingress-nginx, auth-always-set-cookie of "
                + "global-auth-url's external auth only (an Ingress's own auth-url keeps its annotation's); global-auth-url is not "
                + "read yet, so alone it changes nothing, and it does not close any Ingress");
        for (String name : List.of("proxy-cookie-domain",
                "proxy-cookie-path", "proxy-redirect-from", "proxy-redirect-to", "proxy-http-version", "proxy-next-upstream",
                "proxy-next-upstream-timeout", "proxy-stream-next-upstream", "proxy-stream-next-upstream-timeout",
                "proxy-stream-next-upstream-tries", "proxy-stream-responses", "proxy-protocol-header-timeout", "proxy-set-headers",
                "add-headers", "hide-headers", "custom-http-errors", "skip-access-log-urls", "limit-conn-zone-variable",
                "upstream-keepalive-time", "forwarded-for-header", "enable-ocsp", "proxy-ssl-location-only",
                "default-type", "proxy-add-original-uri-header", "keep-alive-requests",
                "strict-validate-path-type", "enable-access-log-for-default-backend", "http2-max-requests",
                "nginx-status-ipv4-whitelist", "nginx-status-ipv6-whitelist")) {
            KEYS.putIfAbsent(name, new Key(name, Support.NOT_YET, false, "", "", SERVED_WITHOUT));
        }
        for (String name : List.of("global-auth-url", "global-auth-method", "global-auth-signin", "global-auth-signin-redirect-param",
                "global-auth-response-headers", "global-auth-request-redirect", "global-auth-cache-key", "global-auth-cache-duration",
                "block-cidrs", "block-user-agents", "block-referers")) {
            put(name, Support.NOT_YET, true, EVERY_INGRESS_503);
        }
    }

    private ConfigMapCatalog() {
    }

    private static void honoured(String name, String meaning) {
        put(name, Support.HONOURED, false, meaning);
    }

    private static void approximated(String name, String meaning) {
        put(name, Support.APPROXIMATED, false, "approximated: " + meaning);
    }

    private static void put(String name, Support support, boolean restricts, String meaning) {
        KEYS.put(name, new Key(name, support, restricts, "", "", meaning));
    }

    /** Every key, in the order docs/annotations.md lists them. */
    public static List<Key> keys() {
        return List.copyOf(KEYS.values());
    }

    /**
     * The key of that name, or null. As {@link GlobalConfig} reads the ConfigMap, any other {@code *-snippet} key is
     * refused and any other {@code global-auth-*}, {@code global-rate-limit*} or {@code block-*} key answers every Ingress 503.
     */
    public static Key find(String name) {
        Key key = KEYS.get(name);
        if (key == null && name.endsWith("-snippet")) {
            return new Key(name, Support.REFUSED, false, "", "", SNIPPET);
        }
        if (key == null && (name.startsWith("global-auth-") || name.startsWith("global-rate-limit") || name.startsWith("block-"))) {
            return new Key(name, Support.NOT_YET, true, "", "", EVERY_INGRESS_503);
        }
        return key;
    }
}
