package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.NextUpstream;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.SessionAffinity;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How an Ingress's backends are spoken to. {@code backend-protocol}, {@code load-balance}, {@code upstream-hash-by},
 * the session cookie and {@code service-upstream} shape the cluster of each Service port the Ingress routes to (as
 * ingress-nginx's upstream {@code namespace-service-port}, the oldest Ingress that sets them holds them, see
 * {@code BackendResolver}); {@code proxy-next-upstream} belongs to the Ingress's own routes.
 *
 * @param protocol        the protocol to the endpoints, or null for the Service port's
 * @param loadBalancing   how an endpoint is picked ({@code upstream-hash-by} before {@code load-balance}), or null
 * @param affinity        cookie session affinity, or null
 * @param serviceUpstream whether the cluster is the Service's cluster IP rather than its endpoints
 * @param nextUpstream    when a request goes to another endpoint, or null for the proxy's default
 */
public record UpstreamAnnotations(BackendProtocol protocol, LoadBalancing loadBalancing, SessionAffinity affinity, boolean serviceUpstream,
                           NextUpstream nextUpstream) {

    public static final UpstreamAnnotations NONE = new UpstreamAnnotations(null, null, null, false, null);

    private static final String CONDITIONS = "error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, "
            + "http_404, http_429, non_idempotent or off";
    private static final Set<String> STATUSES = Set.of("http_500", "http_502", "http_503", "http_504", "http_403", "http_404",
            "http_429");

    /** ingress-nginx's {@code backend-protocol} values Gatehouse speaks. */
    public enum BackendProtocol {
        HTTP(false, false), HTTPS(false, true), GRPC(true, false), GRPCS(true, true), H2C(true, false);

        public final boolean http2;
        public final boolean tls;

        BackendProtocol(boolean http2, boolean tls) {
            this.http2 = http2;
            this.tls = tls;
        }
    }

    static UpstreamAnnotations read(AnnotationReader reader) {
        LoadBalancing hash = hashBy(reader);
        LoadBalancing balance = loadBalance(reader);
        return new UpstreamAnnotations(protocol(reader), hash != null ? hash : balance, SessionCookieAnnotations.read(reader),
                reader.flag("service-upstream", false), nextUpstream(reader));
    }

    /** Whether the Ingress says anything about the clusters it routes to. */
    public boolean shapesClusters() {
        return protocol != null || loadBalancing != null || affinity != null || serviceUpstream;
    }

    /** Whether two Ingresses shape a cluster the same way. */
    public boolean sameClusterSettings(UpstreamAnnotations other) {
        return protocol == other.protocol && Objects.equals(loadBalancing, other.loadBalancing)
                && Objects.equals(affinity, other.affinity) && serviceUpstream == other.serviceUpstream;
    }

    /** The Ingress's routes' policy with its retry conditions. */
    RequestPolicy applyTo(RequestPolicy policy) {
        return nextUpstream == null ? policy : policy.withNextUpstream(nextUpstream);
    }

    private static BackendProtocol protocol(AnnotationReader reader) {
        String[] found = reader.value("backend-protocol");
        if (found == null) {
            return null;
        }
        String value = found[1].trim().toUpperCase(Locale.ROOT);
        for (BackendProtocol protocol : BackendProtocol.values()) {
            if (protocol.name().equals(value)) {
                return protocol;
            }
        }
        boolean nginxOnly = value.equals("AUTO_HTTP") || value.equals("FCGI") || value.equals("AJP");
        reader.warn(found, (nginxOnly ? "is a protocol Gatehouse does not speak" : "is not a backend protocol")
                + " (expected HTTP, HTTPS, GRPC, GRPCS or H2C); using the Service port's protocol");
        return null;
    }

    private static LoadBalancing loadBalance(AnnotationReader reader) {
        String[] found = reader.value("load-balance");
        if (found == null) {
            return null;
        }
        LoadBalancing method = loadBalancing(found[1].trim());
        if (method == null) {
            reader.warn(found, "is not a load-balancing method (expected round_robin or ewma); using the default");
        }
        return method;
    }

    /** ingress-nginx's {@code load-balance} method, or null for another name. */
    public static LoadBalancing loadBalancing(String name) {
        return switch (name) {
            case "round_robin" -> LoadBalancing.ROUND_ROBIN;
            // the closest Gatehouse has to a latency-weighted pick: the less loaded of two at random
            case "ewma" -> new LoadBalancing.LeastRequest(2);
            default -> null;
        };
    }

    private static LoadBalancing hashBy(AnnotationReader reader) {
        String[] found = reader.value("upstream-hash-by");
        if (found == null) {
            return null;
        }
        HashKey key = hashKey(found[1].trim());
        if (key == null) {
            reader.warn(found, "is not a hash key (expected one nginx variable: $remote_addr, $request_uri, $host, $http_NAME "
                    + "or $cookie_NAME); not applied");
            return null;
        }
        return new LoadBalancing.ConsistentHash(key);
    }

    private static HashKey hashKey(String value) {
        switch (value) {
            case "$remote_addr", "$binary_remote_addr":
                return new HashKey.ClientAddress();
            case "$request_uri":
                return new HashKey.RequestUri();
            case "$host":
                return new HashKey.Host();
            default:
                break;
        }
        if (value.startsWith("$http_") && SessionCookieAnnotations.TOKEN.matcher(value.substring(6)).matches()) {
            // nginx names header Foo-Bar $http_foo_bar
            return new HashKey.Header(value.substring(6).replace('_', '-'));
        }
        if (value.startsWith("$cookie_") && SessionCookieAnnotations.TOKEN.matcher(value.substring(8)).matches()) {
            return new HashKey.Cookie(value.substring(8));
        }
        return null;
    }

    private static NextUpstream nextUpstream(AnnotationReader reader) {
        String[] found = reader.value("proxy-next-upstream");
        if (found == null) {
            return null;
        }
        Set<String> conditions = new HashSet<>();
        for (String condition : found[1].trim().split("\\s+")) {
            if (condition.isEmpty()) {
                continue;
            }
            if (!condition.equals("error") && !condition.equals("timeout") && !condition.equals("invalid_header")
                    && !condition.equals("non_idempotent") && !condition.equals("off") && !STATUSES.contains(condition)) {
                reader.warn(found, "holds \"" + condition + "\", which is not a condition (expected " + CONDITIONS
                        + ", separated by spaces); using the default");
                return null;
            }
            conditions.add(condition);
        }
        if (conditions.isEmpty()) {
            reader.warn(found, "holds no condition (expected " + CONDITIONS + ", separated by spaces); using the default");
            return null;
        }
        if (conditions.contains("off")) {
            if (conditions.size() > 1) {
                reader.warn(found, "combines off with other conditions (expected off alone, or conditions without off); "
                        + "using the default");
                return null;
            }
            return NextUpstream.OFF;
        }
        Set<Integer> statuses = new HashSet<>();
        conditions.stream().filter(STATUSES::contains).forEach(status -> statuses.add(Integer.parseInt(status.substring(5))));
        return new NextUpstream(conditions.contains("error"), conditions.contains("timeout"), conditions.contains("invalid_header"),
                statuses, conditions.contains("non_idempotent"));
    }
}
