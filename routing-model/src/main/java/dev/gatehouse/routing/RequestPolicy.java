package dev.gatehouse.routing;

import java.time.Duration;

/**
 * Per-route limits of a forwarded request; an unset value (null, or 0 for counts) means the proxy's default.
 *
 * @param connectTimeout how long to wait for an upstream connection
 * @param readTimeout    how long the upstream may stay silent while a response is due
 * @param sendTimeout    how long the upstream may refuse to take more of the request body
 * @param maxAttempts    how many endpoints a request may try, when {@code nextUpstream} says it may (1 = no retry)
 * @param maxBodyBytes   the largest request body accepted (413 beyond); {@link #NO_LIMIT} for none, 0 for the proxy's
 * @param httpsRedirectStatus the status (301, 302, 307 or 308) a request on plain HTTP is answered with, redirected to
 *                       the same URL over HTTPS (except ACME HTTP-01 challenges); 0 for no redirect
 * @param strictTransportSecurity the Strict-Transport-Security header of responses over HTTPS, or null for none
 * @param nextUpstream   which failures send the request to another endpoint
 * @param cookiePath     the Path of an affinity cookie set on this route's answers when the cluster's affinity names
 *                       none (ingress-nginx's location path), or null for {@code /}
 * @param responseRate   how fast answers go to the client ({@code limit-rate}), or null for as fast as it takes them
 * @param buffering      whether request bodies and answers wait in the proxy, and how much of them
 * @param requestTimeout how long the whole exchange may take, from the request's arrival to the answer's end, every
 *                       attempt included (Gateway API's {@code timeouts.request}), or null for no such limit
 * @param attemptTimeout how long one attempt may take, from its start to the answer's end (Gateway API's
 *                       {@code timeouts.backendRequest}), or null for no such limit
 */
public record RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts,
                            long maxBodyBytes, int httpsRedirectStatus, String strictTransportSecurity,
                            NextUpstream nextUpstream, String cookiePath, ResponseRate responseRate,
                            Buffering buffering, Duration requestTimeout, Duration attemptTimeout) {

    /**
     * No limit, as the model spells it. The command line, annotations and the global ConfigMap spell it 0, as
     * ingress-nginx does; each converts that 0 to this constant where it reads it, so no other layer sees a 0 meaning
     * no limit for a size.
     */
    public static final long NO_LIMIT = -1;

    /** Every value from the proxy's defaults. */
    public static final RequestPolicy DEFAULTS = new RequestPolicy(null, null, null, 0, 0, 0, null);

    /** No limit on the whole exchange or on one attempt beyond the connect, send and read timeouts. */
    public RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts,
                         long maxBodyBytes, int httpsRedirectStatus, String strictTransportSecurity, NextUpstream nextUpstream,
                         String cookiePath, ResponseRate responseRate, Buffering buffering) {
        this(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus, strictTransportSecurity,
                nextUpstream, cookiePath, responseRate, buffering, null, null);
    }

    /** Answers as fast as the client takes them; bodies buffered as {@link Buffering#DEFAULT} says. */
    public RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts,
                         long maxBodyBytes, int httpsRedirectStatus, String strictTransportSecurity, NextUpstream nextUpstream,
                         String cookiePath) {
        this(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus, strictTransportSecurity,
                nextUpstream, cookiePath, null, Buffering.DEFAULT);
    }

    /** The affinity cookie on {@code /} unless the cluster says otherwise. */
    public RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts,
                         long maxBodyBytes, int httpsRedirectStatus, String strictTransportSecurity, NextUpstream nextUpstream) {
        this(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus, strictTransportSecurity,
                nextUpstream, null);
    }

    /** Retrying as the proxy does by default. */
    public RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts,
                         long maxBodyBytes, int httpsRedirectStatus, String strictTransportSecurity) {
        this(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus, strictTransportSecurity,
                NextUpstream.DEFAULT);
    }

    /** Limits only; no redirect, no HSTS. */
    public RequestPolicy(Duration connectTimeout, Duration readTimeout, Duration sendTimeout, int maxAttempts, long maxBodyBytes) {
        this(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, 0, null);
    }

    /** The same limits with the TLS behaviour of the route's host: a 308 redirect when asked, and HSTS. */
    public RequestPolicy withTls(boolean redirect, String hsts) {
        return withTls(redirect ? 308 : 0, hsts);
    }

    /** The same limits with that HTTPS redirect status (0 for none) and HSTS header. */
    public RequestPolicy withTls(int redirectStatus, String hsts) {
        return new RequestPolicy(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, redirectStatus, hsts,
                nextUpstream, cookiePath, responseRate, buffering, requestTimeout, attemptTimeout);
    }

    /** The same limits, retrying on those conditions. */
    public RequestPolicy withNextUpstream(NextUpstream value) {
        return new RequestPolicy(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus,
                strictTransportSecurity, value, cookiePath, responseRate, buffering, requestTimeout, attemptTimeout);
    }

    /** The same limits, with that Path for an affinity cookie whose cluster names none. */
    public RequestPolicy withCookiePath(String value) {
        return new RequestPolicy(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus,
                strictTransportSecurity, nextUpstream, value, responseRate, buffering, requestTimeout, attemptTimeout);
    }

    /** The same limits, with answers going to the client at that rate (null: as fast as it takes them). */
    public RequestPolicy withResponseRate(ResponseRate value) {
        return new RequestPolicy(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus,
                strictTransportSecurity, nextUpstream, cookiePath, value, buffering, requestTimeout, attemptTimeout);
    }

    /** The same limits, with bodies buffered so. */
    public RequestPolicy withBuffering(Buffering value) {
        return new RequestPolicy(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus,
                strictTransportSecurity, nextUpstream, cookiePath, responseRate, value, requestTimeout, attemptTimeout);
    }

    /** The same limits, with those on the whole exchange and on one attempt (null for none). */
    public RequestPolicy withTimeouts(Duration request, Duration attempt) {
        return new RequestPolicy(connectTimeout, readTimeout, sendTimeout, maxAttempts, maxBodyBytes, httpsRedirectStatus,
                strictTransportSecurity, nextUpstream, cookiePath, responseRate, buffering, request, attempt);
    }

    /**
     * This policy with each unset value (null, or 0 for counts and sizes) taken from {@code defaults}, so that the proxy
     * resolves the defaults once per snapshot rather than once per request.
     */
    public RequestPolicy withDefaults(RequestPolicy defaults) {
        return new RequestPolicy(connectTimeout != null ? connectTimeout : defaults.connectTimeout,
                readTimeout != null ? readTimeout : defaults.readTimeout, sendTimeout != null ? sendTimeout : defaults.sendTimeout,
                maxAttempts != 0 ? maxAttempts : defaults.maxAttempts, maxBodyBytes != 0 ? maxBodyBytes : defaults.maxBodyBytes,
                httpsRedirectStatus, strictTransportSecurity, nextUpstream, cookiePath, responseRate, buffering, requestTimeout,
                attemptTimeout);
    }

    /** Whether plain HTTP requests are redirected to HTTPS. */
    public boolean redirectToHttps() {
        return httpsRedirectStatus != 0;
    }

    public RequestPolicy {
        if (nextUpstream == null) {
            throw new IllegalArgumentException("a request policy needs its next-upstream conditions (NextUpstream.DEFAULT)");
        }
        if (buffering == null) {
            throw new IllegalArgumentException("a request policy needs its buffering (Buffering.DEFAULT)");
        }
        requirePositive("connect timeout", connectTimeout);
        requirePositive("read timeout", readTimeout);
        requirePositive("send timeout", sendTimeout);
        requirePositive("request timeout", requestTimeout);
        requirePositive("attempt timeout", attemptTimeout);
        if (cookiePath != null && (!cookiePath.startsWith("/") || cookiePath.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == ';'))) {
            throw new IllegalArgumentException("cookie path \"" + cookiePath + "\" must start with \"/\", without spaces or \";\"");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("max attempts " + maxAttempts + " must be 0 (default) or more");
        }
        if (httpsRedirectStatus != 0 && httpsRedirectStatus != 301 && httpsRedirectStatus != 302 && httpsRedirectStatus != 307
                && httpsRedirectStatus != 308) {
            throw new IllegalArgumentException("HTTPS redirect status " + httpsRedirectStatus + " is not a redirect (expected 301, 302, 307 or 308, or 0 for none)");
        }
        if (maxBodyBytes < 0 && maxBodyBytes != NO_LIMIT) {
            throw new IllegalArgumentException("max body size " + maxBodyBytes + " must be NO_LIMIT (-1), 0 (default) or more");
        }
    }

    private static void requirePositive(String what, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(what + " " + value + " must be positive");
        }
    }
}
