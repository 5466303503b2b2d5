package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.StrictTransportSecurity;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.GlobalRateLimit;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Tracing;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The global defaults of the {@code --config} ConfigMap, with ingress-nginx's key names where they mean the same
 * thing. An annotation on an Ingress wins over these, and these win over the built-in defaults (the command line's).
 * A value that cannot be used is reported on the ConfigMap (key, value, what was expected) and its default applies;
 * a key Gatehouse does not read is reported once as such, and any key that injects configuration text is refused.
 *
 * @param connectTimeout   {@code proxy-connect-timeout}, or null for the proxy's
 * @param readTimeout      {@code proxy-read-timeout}, or null
 * @param sendTimeout      {@code proxy-send-timeout}, or null
 * @param nextUpstreamTries {@code proxy-next-upstream-tries}, 0 for the proxy's
 * @param bodySize         {@code proxy-body-size} in bytes, 0 for the proxy's, {@link RequestPolicy#NO_LIMIT} for none
 * @param sslRedirect      {@code ssl-redirect}
 * @param forceSslRedirect {@code force-ssl-redirect}
 * @param hsts             the Strict-Transport-Security value from {@code hsts}, {@code hsts-max-age},
 *                         {@code hsts-include-subdomains} and {@code hsts-preload}, or null when none of them is set
 *                         (the command line's then applies); empty when {@code hsts} is false
 * @param limitReqStatus   {@code limit-req-status-code}: the status of a request refused by a rate limit
 * @param limitConnStatus  {@code limit-conn-status-code}: the status of a request refused by a connection limit
 * @param allowedSources   {@code whitelist-source-range}: the allow list of Ingresses that set none
 * @param deniedSources    {@code denylist-source-range}: the deny list of Ingresses that set none
 * @param accessLog        false when {@code disable-access-log} is true
 * @param loadBalance      {@code load-balance} ({@code round_robin} or {@code ewma}), or null for the built-in
 * @param tuning           what the snapshot's proxy settings take from {@code keep-alive}, {@code client-header-timeout},
 *                         {@code client-body-timeout},
 *                         {@code use-proxy-protocol}, {@code use-forwarded-headers} / {@code proxy-real-ip-cidr} and
 *                         {@code upstream-keepalive-connections}, {@code -timeout} and {@code -requests}, the tracing keys
 *                         and the compression keys ({@code use-gzip}, {@code enable-brotli}, ...: {@link CompressionKeys})
 * @param buffering        {@code proxy-request-buffering}, {@code client-body-buffer-size}, {@code proxy-buffering},
 *                         {@code proxy-buffer-size}, {@code proxy-buffers-number} and {@code proxy-max-temp-file-size} for
 *                         Ingresses that do not set them
 * @param restricted       whether the ConfigMap asks for access control Gatehouse does not read ({@code global-auth-url},
 *                         {@code block-cidrs}, ...): every Ingress is then answered 503 rather than served without it
 * @param relativeRedirects {@code relative-redirects}
 * @param memcached        where global rate limits count ({@code global-rate-limit-memcached-*}), or null when
 *                         {@code global-rate-limit-memcached-host} is not set (no global limit then applies)
 * @param globalRateLimitStatus {@code global-rate-limit-status-code}: the status of a request refused by a global limit
 * @param limitRate        {@code limit-rate}: the default response rate in kilobytes per second, 0 for none
 * @param limitRateAfter   {@code limit-rate-after}: the default kilobytes of an answer before the rate applies
 */
public record GlobalConfig(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int nextUpstreamTries, long bodySize,
                           boolean sslRedirect, boolean forceSslRedirect, String hsts, int limitReqStatus, int limitConnStatus,
                           List<String> allowedSources, List<String> deniedSources, boolean accessLog, String loadBalance,
                           ConfigTuning tuning, boolean restricted, boolean relativeRedirects, GlobalRateLimit.Memcached memcached,
                           int globalRateLimitStatus, int limitRate, int limitRateAfter, BufferingAnnotations buffering) {

    /** Nothing set: the built-in defaults. */
    public static final GlobalConfig DEFAULTS = new GlobalConfig(null, null, null, 0, 0, true, false, null, 503, 503, List.of(), List.of(),
            true, null, ConfigTuning.NONE, false, false, null, 429, 0, 0, BufferingAnnotations.DEFAULTS);

    /** The keys read, in the order docs/annotations.md lists them. */
    public static final List<String> KEYS = List.of("proxy-connect-timeout", "proxy-read-timeout", "proxy-send-timeout",
            "proxy-next-upstream-tries", "proxy-body-size", "ssl-redirect", "force-ssl-redirect", "hsts", "hsts-max-age",
            "hsts-include-subdomains", "hsts-preload", "limit-req-status-code", "limit-conn-status-code", "whitelist-source-range",
            "denylist-source-range", "disable-access-log", "load-balance", "keep-alive", "client-header-timeout", "client-body-timeout",
            "use-proxy-protocol", "use-forwarded-headers", "proxy-real-ip-cidr", "compute-full-forwarded-for",
            "upstream-keepalive-connections", "upstream-keepalive-timeout", "upstream-keepalive-requests", "relative-redirects",
            "enable-opentelemetry", "opentelemetry-trust-incoming-span", "otel-sampler", "otel-sampler-ratio", "use-gzip", "gzip-level",
            "gzip-min-length", "gzip-types", "gzip-disable", "enable-brotli", "brotli-level", "brotli-min-length", "brotli-types",
            "global-rate-limit-memcached-host", "global-rate-limit-memcached-port", "global-rate-limit-memcached-connect-timeout",
            "global-rate-limit-memcached-max-idle-timeout", "global-rate-limit-memcached-pool-size", "global-rate-limit-status-code",
            "limit-rate", "limit-rate-after", "proxy-request-buffering", "client-body-buffer-size", "proxy-buffering",
            "proxy-buffer-size", "proxy-buffers-number", "proxy-max-temp-file-size");

    /** ingress-nginx's keys of its own process (workers, log formats, Lua) that mean nothing here, so are not reported. */
    private static final Set<String> QUIET = Set.of("worker-processes", "worker-connections", "max-worker-connections",
            "max-worker-open-files", "worker-shutdown-timeout", "log-format-upstream", "log-format-escape-json", "log-format-escape-none",
            "error-log-level", "access-log-path", "error-log-path", "server-tokens", "enable-real-ip",
            "plugins", "lua-shared-dicts");

    /**
     * Sets auth-always-set-cookie of global-auth-url's external auth alone, as in ingress-nginx (an Ingress's own
     * auth-url keeps its annotation's): it restricts nothing, and without global-auth-url it changes nothing.
     */
    static final String ALWAYS_SET_COOKIE = "global-auth-always-set-cookie";

    /** An absent allow list: everyone. An unreadable one: no address, rather than everyone. */
    private static final List<String> NOBODY = List.of("0.0.0.0/32");

    public GlobalConfig {
        allowedSources = List.copyOf(allowedSources);
        deniedSources = List.copyOf(deniedSources);
    }

    /**
     * The defaults of ConfigMap {@code ref} in the view; {@link #DEFAULTS} when {@code ref} is null or the ConfigMap is
     * missing (a missing one is reported, since it was asked for).
     */
    public static GlobalConfig read(ClusterView view, String ref, List<Warning> warnings) {
        if (ref == null) {
            return DEFAULTS;
        }
        ConfigMap configMap = view.configMaps().stream()
                .filter(map -> ref.equals(Metadata.namespace(map) + "/" + map.getMetadata().getName()))
                .findFirst().orElse(null);
        if (configMap == null) {
            String[] parts = ref.split("/", 2);
            ObjectRef missing = new ObjectRef("ConfigMap", parts[0], parts[1]);
            warnings.add(new Warning(missing, Warning.INVALID_CONFIG, missing + " (--config) is not found; the built-in defaults "
                    + "apply (expected a ConfigMap of global defaults)"));
            return DEFAULTS;
        }
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        ObjectRef owner = ObjectRef.of(configMap);
        report(owner, data, warnings);
        AnnotationReader reader = new AnnotationReader(data, List.of(""), "data", Warning.INVALID_CONFIG, owner, warnings);
        List<String> allowed = reader.ranges("whitelist-source-range");
        List<String> denied = reader.ranges("denylist-source-range");
        if (allowed == null || denied == null) {
            allowed = NOBODY;
            denied = List.of();
        }
        return new GlobalConfig(reader.seconds("proxy-connect-timeout"), reader.seconds("proxy-read-timeout"),
                reader.seconds("proxy-send-timeout"), reader.count("proxy-next-upstream-tries"), reader.size("proxy-body-size"),
                reader.flag("ssl-redirect", true), reader.flag("force-ssl-redirect", false), hsts(reader),
                status(reader, "limit-req-status-code"), status(reader, "limit-conn-status-code"), allowed, denied,
                !reader.flag("disable-access-log", false), loadBalance(reader), tuning(reader, owner, warnings), restricts(data.keySet()),
                reader.flag("relative-redirects", false), memcached(reader), globalRateLimitStatus(reader),
                reader.kilobytes("limit-rate", 0), reader.kilobytes("limit-rate-after", 0),
                BufferingAnnotations.read(reader, BufferingAnnotations.DEFAULTS));
    }

    /** ingress-nginx's memcached defaults: port 11211, 50 ms to connect and answer, 10 s idle, 50 connections. */
    private static GlobalRateLimit.Memcached memcached(AnnotationReader reader) {
        String[] host = reader.value("global-rate-limit-memcached-host");
        if (host == null || host[1].trim().isEmpty()) {
            return null;
        }
        String name = host[1].trim();
        if (!name.matches("[A-Za-z0-9.:\\[\\]_-]{1,253}")) {
            reader.warn(host, "is not a host name or address (expected e.g. memcached.ingress.svc.cluster.local); no global rate "
                    + "limit applies until it is fixed");
            return null;
        }
        Integer port = number(reader, "global-rate-limit-memcached-port", 1);
        if (port != null && port > 65_535) {
            reader.warn(reader.value("global-rate-limit-memcached-port"), "is not a port (expected 1 to 65535); using 11211");
            port = null;
        }
        Integer connect = number(reader, "global-rate-limit-memcached-connect-timeout", 1);
        Integer idle = number(reader, "global-rate-limit-memcached-max-idle-timeout", 1);
        Integer pool = number(reader, "global-rate-limit-memcached-pool-size", 1);
        return new GlobalRateLimit.Memcached(name, port != null ? port : 11_211, Duration.ofMillis(connect != null ? connect : 50),
                Duration.ofMillis(idle != null ? idle : 10_000), pool != null ? pool : 50);
    }

    private static int globalRateLimitStatus(AnnotationReader reader) {
        String[] found = reader.value("global-rate-limit-status-code");
        if (found == null) {
            return 429;
        }
        String value = found[1].trim();
        if (value.matches("[45][0-9][0-9]")) {
            return Integer.parseInt(value);
        }
        reader.warn(found, "is not an error status (expected 400 to 599, e.g. 429); using 429");
        return 429;
    }

    /** Snippets refused, keys Gatehouse does not read reported: both by name, in key order. */
    private static void report(ObjectRef owner, Map<String, String> data, List<Warning> warnings) {
        for (String key : new TreeMap<>(data).keySet()) {
            if (key.endsWith("-snippet") || key.equals("allow-snippet-annotations") && "true".equals(data.get(key))) {
                warnings.add(new Warning(owner, Warning.REFUSED_CONFIG, owner + ": data " + key + " is refused: it injects proxy "
                        + "configuration text, and Gatehouse has no configuration text to inject into; the other keys apply"));
            } else if (restricts(Set.of(key))) {
                warnings.add(new Warning(owner, Warning.UNSUPPORTED_CONFIG, owner + ": data " + key + " is access control this "
                        + "version of Gatehouse does not read; every Ingress is answered 503 until it is removed, rather than served "
                        + "without it"));
            } else if (!KEYS.contains(key) && !key.equals("allow-snippet-annotations") && !QUIET.contains(key)) {
                warnings.add(new Warning(owner, Warning.UNSUPPORTED_CONFIG, owner + ": data " + key + " is not read by this version of "
                        + "Gatehouse and has no effect (docs/annotations.md lists the keys it reads)"));
            }
        }
    }

    /** ingress-nginx's global access control: serving Ingresses without it would serve them open. */
    private static boolean restricts(Set<String> keys) {
        return keys.stream().anyMatch(key -> key.startsWith("global-auth-") && !key.equals(ALWAYS_SET_COOKIE)
                || key.startsWith("global-rate-limit") && !KEYS.contains(key)
                || key.startsWith("block-") || key.equals("enable-modsecurity") || key.equals("enable-owasp-modsecurity-crs"));
    }

    private static String hsts(AnnotationReader reader) {
        if (Stream.of("hsts", "hsts-max-age", "hsts-include-subdomains", "hsts-preload").allMatch(key -> reader.value(key) == null)) {
            return null;
        }
        if (!reader.flag("hsts", true)) {
            return "";
        }
        long maxAge = 31_536_000;
        String[] found = reader.value("hsts-max-age");
        if (found != null) {
            if (found[1].trim().matches("[0-9]{1,10}")) {
                maxAge = Long.parseLong(found[1].trim());
            } else {
                reader.warn(found, "is not a number of seconds (expected an integer such as 31536000); using 31536000");
            }
        }
        return StrictTransportSecurity.header(maxAge, reader.flag("hsts-include-subdomains", true), reader.flag("hsts-preload", false));
    }

    private static int status(AnnotationReader reader, String key) {
        String[] found = reader.value(key);
        if (found == null) {
            return 503;
        }
        String value = found[1].trim();
        if (value.matches("[45][0-9][0-9]")) {
            return Integer.parseInt(value);
        }
        reader.warn(found, "is not an error status (expected 400 to 599, e.g. 429); using 503");
        return 503;
    }

    private static String loadBalance(AnnotationReader reader) {
        String[] found = reader.value("load-balance");
        if (found == null) {
            return null;
        }
        String value = found[1].trim();
        if (value.equals("round_robin") || value.equals("ewma")) {
            return value;
        }
        reader.warn(found, "is not a load-balancing method (expected round_robin or ewma); using round_robin");
        return null;
    }

    /**
     * The peers whose forwarded headers are believed: {@code proxy-real-ip-cidr}, which in ingress-nginx defaults to every
     * address (then any client can name its own address, which is worth a warning); none when the list cannot be read.
     */
    private static List<String> trustedPeers(AnnotationReader reader, ObjectRef owner, List<Warning> warnings) {
        String[] found = reader.value("proxy-real-ip-cidr");
        if (found == null) {
            warnings.add(new Warning(owner, Warning.INSECURE_CONFIG, owner + ": data use-forwarded-headers: \"true\" believes "
                    + "X-Forwarded-For from every client, since proxy-real-ip-cidr is not set (expected proxy-real-ip-cidr listing "
                    + "your load balancers' addresses); any client can then choose the address that allow lists and rate limits see"));
            return List.of("0.0.0.0/0", "::/0");
        }
        List<String> ranges = reader.ranges("proxy-real-ip-cidr", "no forwarded header is believed until it is fixed");
        return ranges == null ? List.of() : ranges;
    }

    /** A whole number of at least {@code least}, or null when absent or unreadable (reported). */
    private static Integer number(AnnotationReader reader, String key, int least) {
        String[] found = reader.value(key);
        if (found == null) {
            return null;
        }
        String value = found[1].trim();
        if (value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= least) {
            return Integer.parseInt(value);
        }
        reader.warn(found, "is not a count (expected a whole number of " + least + " or more); using the default");
        return null;
    }

    private static ConfigTuning tuning(AnnotationReader reader, ObjectRef owner, List<Warning> warnings) {
        Duration keepAlive = reader.seconds("keep-alive");
        Duration clientHeader = reader.seconds("client-header-timeout");
        Boolean proxyProtocol = reader.value("use-proxy-protocol") == null ? null : reader.flag("use-proxy-protocol", false);
        List<String> trusted = null;
        if (reader.flag("use-forwarded-headers", false)) {
            trusted = trustedPeers(reader, owner, warnings);
        }
        String[] full = reader.value("compute-full-forwarded-for");
        if (full != null && !full[1].trim().equals("true") && !full[1].trim().equals("false")) {
            reader.warn(full, "is not a boolean (expected \"true\" or \"false\"); Gatehouse always appends to a trusted chain");
        }
        return new ConfigTuning(keepAlive, clientHeader, proxyProtocol, trusted, number(reader, "upstream-keepalive-connections", 0),
                reader.seconds("upstream-keepalive-timeout"), number(reader, "upstream-keepalive-requests", 1), tracing(reader),
                sampleRatio(reader), CompressionKeys.read(reader), reader.seconds("client-body-timeout"));
    }

    /** How the Ingresses that say nothing else are traced, and the answers of no Ingress; null when the ConfigMap does not say. */
    private static Tracing tracing(AnnotationReader reader) {
        if (reader.value("enable-opentelemetry") == null && reader.value("opentelemetry-trust-incoming-span") == null) {
            return null;
        }
        return new Tracing(reader.flag("enable-opentelemetry", true), reader.flag("opentelemetry-trust-incoming-span", true));
    }

    /**
     * The share of new traces sampled: {@code otel-sampler}'s {@code AlwaysOn} (1) or {@code AlwaysOff} (0), else
     * {@code otel-sampler-ratio}; null when neither says, so that {@code --trace-sample-ratio} stands.
     */
    private static Double sampleRatio(AnnotationReader reader) {
        Double ratio = null;
        String[] found = reader.value("otel-sampler-ratio");
        if (found != null) {
            try {
                double value = Double.parseDouble(found[1].trim());
                if (value >= 0 && value <= 1) {
                    ratio = value;
                } else {
                    reader.warn(found, "is not a ratio between 0 and 1 (expected a number such as 0.01); using --trace-sample-ratio");
                }
            } catch (NumberFormatException e) {
                reader.warn(found, "is not a ratio between 0 and 1 (expected a number such as 0.01); using --trace-sample-ratio");
            }
        }
        String[] sampler = reader.value("otel-sampler");
        if (sampler == null) {
            return ratio;
        }
        return switch (sampler[1].trim()) {
            case "AlwaysOn" -> 1.0;
            case "AlwaysOff" -> 0.0;
            case "TraceIdRatioBased" -> ratio;
            default -> {
                reader.warn(sampler, "is not a sampler (expected AlwaysOn, AlwaysOff or TraceIdRatioBased); the ratio applies");
                yield ratio;
            }
        };
    }

    /** How an Ingress is traced unless its annotations say otherwise: the ConfigMap's, else every route, trusting clients. */
    public Tracing tracing() {
        return tuning.tracing() != null ? tuning.tracing() : Tracing.DEFAULT;
    }
}
