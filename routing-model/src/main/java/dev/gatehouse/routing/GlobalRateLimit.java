package dev.gatehouse.routing;

import java.time.Duration;
import java.util.List;

/**
 * A request limit that every replica shares, as ingress-nginx's {@code global-rate-limit} annotations: at most
 * {@code limit} requests per {@code window} for each value of {@code key}, counted in memcached, so that the limit holds
 * however many replicas serve. Windows are numbered from the epoch, as ingress-nginx numbers them, and each window's
 * count is one memcached counter; the limit slides as ingress-nginx's does, estimated from the current window's count and
 * the previous one's. A refused request is answered {@code status}; when memcached cannot be asked in time the request
 * passes (fail open, as ingress-nginx does).
 *
 * @param namespace    whose counters they are: the Ingress's UID without dashes, as ingress-nginx names them, so that the
 *                     routes of one Ingress share their counts and no two Ingresses do; letters, digits and hyphens, at most
 *                     {@value #MAX_NAMESPACE} characters
 * @param limit        requests per window and key; 0 refuses every request not in {@code ignoredCidrs}, which is what a
 *                     limit that cannot be read becomes rather than none
 * @param window       the window, whole seconds, at least one
 * @param key          what requests are counted by ({@code $remote_addr} by default); a key that comes out empty counts by
 *                     the client address. A template is data the proxy fills in, never configuration text
 * @param ignoredCidrs CIDR blocks or addresses whose requests are neither counted nor refused
 * @param status       the status of a refused request ({@code global-rate-limit-status-code}, 429 by default)
 * @param memcached    where the counters are kept
 */
public record GlobalRateLimit(String namespace, int limit, Duration window, RequestTemplate key, List<String> ignoredCidrs, int status,
                              Memcached memcached) {

    public static final int MAX_NAMESPACE = 35;
    public static final RequestTemplate DEFAULT_KEY = new RequestTemplate("$remote_addr");

    public GlobalRateLimit {
        if (namespace == null || !namespace.matches("[A-Za-z0-9-]{1," + MAX_NAMESPACE + "}")) {
            throw new IllegalArgumentException("global rate limit namespace \"" + namespace + "\" must be 1 to " + MAX_NAMESPACE
                    + " letters, digits or hyphens (expected e.g. the Ingress's UID without dashes)");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("global rate limit " + limit + " must be 0 or more requests per window");
        }
        if (window == null || window.getNano() != 0 || window.getSeconds() < 1) {
            throw new IllegalArgumentException("global rate limit window " + window + " must be a whole number of seconds, at least 1");
        }
        if (key == null || memcached == null) {
            throw new IllegalArgumentException("a global rate limit needs a key and a memcached (expected e.g. $remote_addr)");
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("global rate limit status " + status + " must be an error status (expected 400-599)");
        }
        ignoredCidrs = List.copyOf(ignoredCidrs);
    }

    /**
     * The memcached server of the counters, as ingress-nginx's {@code global-rate-limit-memcached-*} ConfigMap keys.
     *
     * @param host           its host name or address
     * @param port           its port
     * @param timeout        how long connecting may take, and then each answer ({@code -connect-timeout}, 50 ms by default,
     *                       which lua-resty-memcached also applies to sending and reading)
     * @param maxIdleTimeout how long an idle connection is kept open ({@code -max-idle-timeout}, 10 s by default)
     * @param poolSize       idle connections kept per worker ({@code -pool-size}, 50 by default)
     */
    public record Memcached(String host, int port, Duration timeout, Duration maxIdleTimeout, int poolSize) {

        public Memcached {
            if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("memcached host \"" + host + "\" must be a host name or address");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("memcached port " + port + " must be 1 to 65535");
            }
            for (Duration duration : List.of(timeout, maxIdleTimeout)) {
                if (duration == null || duration.isNegative() || duration.isZero()) {
                    throw new IllegalArgumentException("memcached timeouts " + timeout + " and " + maxIdleTimeout + " must be positive");
                }
            }
            if (poolSize < 1) {
                throw new IllegalArgumentException("memcached pool size " + poolSize + " must be at least 1");
            }
        }
    }
}
