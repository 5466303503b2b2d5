package dev.gatehouse.routing;

import java.time.Duration;

/**
 * Per-route limits of a forwarded request; an unset value (null, or 0 for counts) means the proxy's default.
 *
 * @param connectTimeout how long to wait for an upstream connection
 * @param readTimeout    how long the upstream may stay silent while a response is due
 * @param sendTimeout    how long the upstream may refuse to take more of the request body
 * @param maxAttempts    how many endpoints an idempotent request may try when connecting fails or the
 *                       connection breaks before any response byte (1 = no retry)
 * @param maxBodyBytes   the largest request body accepted (413 beyond); 0 for the default, -1 for no limit
 * @param redirectToHttps whether a request on plain HTTP is answered 308 to the same URL over HTTPS
 *                       (except ACME HTTP-01 challenges)
 * @param strictTransportSecurity the Strict-Transport-Security header of responses over HTTPS, or null for none
 */
public record RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts,
                            long maxBodyBytes, boolean redirectToHttps, String strictTransportSecurity) {

    /** Every value from the proxy's defaults. */
    public static final RequestPolicy DEFAULTS = new RequestPolicy(null, null, null, 0, 0, false, null);

    /** Limits only; no redirect, no HSTS. */
    public RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts, long maxBodyBytes) {
        this(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, false, null);
    }

    /** The same limits with the TLS behaviour of the route's host. */
    public RequestPolicy withTls(boolean redirect, String hsts) {
        return new RequestPolicy(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, redirect, hsts);
    }

    public RequestPolicy {
        requirePositive("connect timeout", connectTimeout);
        requirePositive("read timeout", readTimeout);
        requirePositive("send timeout", sendTimeout);
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("max attempts " + maxAttempts + " must be 0 (default) or more");
        }
        if (maxBodyBytes < -1) {
            throw new IllegalArgumentException("max body size " + maxBodyBytes + " must be -1 (no limit), 0 (default) or more");
        }
    }

    private static void requirePositive(String what, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(what + " " + value + " must be positive");
        }
    }
}
