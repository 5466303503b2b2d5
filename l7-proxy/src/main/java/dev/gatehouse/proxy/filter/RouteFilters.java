package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.downstream.DownstreamHandler;
import dev.gatehouse.proxy.exchange.Exchange;
import dev.gatehouse.proxy.exchange.UpstreamRequest;
import dev.gatehouse.proxy.http.BasicCredentials;
import dev.gatehouse.proxy.http.ResponseHeaders;
import dev.gatehouse.proxy.http.Rewrites;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.net.Cidrs;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.LocationRewrite;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.RequestFilters;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RequestFilters} of one forwarded route, ready for the data plane: the source allow list
 * parsed, the basic auth challenge made, the rate limiter of its limit at hand (so that a route without
 * filters costs the request no look-up at all). {@link LiveRouting} compiles them once per snapshot (and keeps
 * them across snapshots while they do not change); {@link DownstreamHandler} checks the client and the
 * credentials, {@link UpstreamRequest} and {@link Exchange} apply the rewrites.
 */
public final class RouteFilters {

    private static final Logger log = LoggerFactory.getLogger(RouteFilters.class);
    private static final CompletableFuture<PasswordChecks.Verdict> INVALID = CompletableFuture.completedFuture(PasswordChecks.Verdict.INVALID);
    private static final CompletableFuture<PasswordChecks.Verdict> UNAVAILABLE =
            CompletableFuture.completedFuture(PasswordChecks.Verdict.UNAVAILABLE);

    private final RequestFilters model;
    private final RateLimiter limiter;
    private final Cidrs allowedSources;
    private final Cidrs deniedSources;
    private final boolean denyAll;
    private final AsciiString challenge;
    private final RequestMirror.Target mirrorTarget;
    private final ExternalAuthCheck externalAuth;
    private final CorsPolicy cors;
    private final AsciiString[] responseHeaders;
    private final RequestFilter[] chain;

    private RouteFilters(RequestFilters model, RateLimiter limiter, Cidrs allowedSources, Cidrs deniedSources, boolean denyAll) {
        this.model = model;
        this.limiter = limiter;
        this.allowedSources = allowedSources;
        this.deniedSources = deniedSources;
        this.denyAll = denyAll;
        this.challenge = model.basicAuth() == null ? null : AsciiString.of("Basic realm=\"" + model.basicAuth().realm() + "\"");
        this.mirrorTarget = RequestMirror.Target.of(model.mirror());
        this.externalAuth = model.externalAuth() == null ? null : ExternalAuthCheck.compile(model.externalAuth());
        this.cors = CorsPolicy.compile(model.cors());
        this.responseHeaders = ResponseHeaders.compile(model.responseHeaders());
        this.chain = buildChain();
    }

    /** The checks, in the order a request meets them; the body limit last, as on a route without filters. */
    private RequestFilter[] buildChain() {
        List<RequestFilter> checks = new ArrayList<>(6);
        if (cors != null) {
            checks.add(new CorsPreflightFilter(cors));
        }
        if (limiter != null) {
            checks.add(new RateLimitFilter(limiter));
        }
        if (denyAll || allowedSources != null || deniedSources != null) {
            checks.add(new SourceListFilter(this));
        }
        if (model.basicAuth() != null) {
            checks.add(new BasicAuthFilter(this));
        }
        if (externalAuth != null) {
            checks.add(new ExternalAuthFilter(externalAuth));
        }
        checks.add(BodyLimitFilter.INSTANCE);
        return checks.toArray(RequestFilter[]::new);
    }

    /** The route's checks, in order ({@link RequestFilter}). */
    public RequestFilter[] chain() {
        return chain;
    }

    /**
     * The filters of route {@code route}. A source that is not an address or range should have been refused by
     * the translator; if one gets here the route refuses every client, since allowing all would open what the
     * list was meant to close.
     *
     * @param limiter the limiter of the filters' rate limit, shared by the routes of its zone; null without one
     */
    public static RouteFilters compile(String route, RequestFilters filters, RateLimiter limiter) {
        try {
            return new RouteFilters(filters, limiter, filters.allowedSources().isEmpty() ? null : Cidrs.parse(filters.allowedSources()),
                    filters.deniedSources().isEmpty() ? null : Cidrs.parse(filters.deniedSources()), false);
        } catch (IllegalArgumentException invalid) {
            log.error("route {}: sources {} / denied {}: {}; every client is refused until the lists are fixed", route,
                    filters.allowedSources(), filters.deniedSources(), invalid.getMessage());
            return new RouteFilters(filters, limiter, null, null, true);
        }
    }

    /** The model these were compiled from. */
    RequestFilters model() {
        return model;
    }

    /** The route's rate limiter, or null when it has no limit. */
    RateLimiter limiter() {
        return limiter;
    }

    /** Whether the client address (after PROXY protocol and trusted forwarded headers) may use the route. */
    boolean allows(CharSequence client) {
        if (denyAll) {
            return false;
        }
        String address = client.toString();
        return (allowedSources == null || allowedSources.contains(address)) && (deniedSources == null || !deniedSources.contains(address));
    }

    /** The basic auth of the route, or null. */
    BasicAuth basicAuth() {
        return model.basicAuth();
    }

    /**
     * The verdict on the credentials of an Authorization header (null when absent): missing and malformed ones at
     * once, a password by {@code checks}; an unknown user's password is checked against another user's hash and
     * refused, so that it takes as long as a wrong password.
     */
    CompletableFuture<PasswordChecks.Verdict> checkCredentials(String authorization, PasswordChecks checks) {
        if (model.basicAuth().unavailable()) {
            return UNAVAILABLE;
        }
        BasicCredentials credentials = BasicCredentials.parse(authorization);
        if (credentials == null) {
            return INVALID;
        }
        String hash = model.basicAuth().users().get(credentials.user());
        if (hash == null) {
            return checks.refuseUnknown(credentials.password(), model.basicAuth().users().values().iterator().next());
        }
        return checks.check(credentials.user(), credentials.password(), hash);
    }

    /** The external authentication of the route, or null. */
    ExternalAuthCheck externalAuth() {
        return externalAuth;
    }

    /** The WWW-Authenticate value of a 401; null without basic auth. */
    AsciiString challenge() {
        return challenge;
    }

    /** The request target sent upstream. */
    public String upstreamTarget(String target) {
        PathRewrite rewrite = model.pathRewrite();
        return rewrite == null ? target : Rewrites.path(rewrite, target);
    }

    /** Headers set on the request sent upstream, by lower-case name. */
    public java.util.Map<String, String> requestHeaders() {
        return model.requestHeaders();
    }

    /** The Host sent upstream instead of the client's, or null to keep it. */
    public String upstreamHost() {
        return model.upstreamHost();
    }

    /** The Location sent to the client for the upstream's {@code location}. */
    public String downstreamLocation(String location) {
        LocationRewrite rewrite = model.locationRewrite();
        return rewrite == null ? location : Rewrites.location(rewrite, location);
    }

    /** Whether a response may carry a Location that changes on its way back. */
    public boolean rewritesLocation() {
        return model.locationRewrite() != null;
    }

    /** The route's CORS, or null. */
    CorsPolicy cors() {
        return cors;
    }

    /**
     * Adds the route's response headers, then its CORS headers for {@code origin} (the request's Origin, or null), to a
     * response on its way to the client: the upstream's, or an answer of the proxy's own.
     */
    public void addResponseHeaders(HttpHeaders headers, String origin) {
        ResponseHeaders.set(headers, responseHeaders);
        if (cors != null) {
            cors.addResponse(headers, origin);
        }
    }

    /** Whether {@link #addResponseHeaders} adds anything. */
    public boolean changesResponses() {
        return cors != null || responseHeaders.length > 0;
    }

    /** Whether the route's requests are written to the access log. */
    public boolean logged() {
        return model.accessLog();
    }

    /** Whether the route's requests are traced, and whether a client's trace is continued: the route's {@code Tracing}. */
    public boolean traced() {
        return model.tracing().enabled();
    }

    public boolean trustsIncomingSpan() {
        return model.tracing().trustIncomingSpan();
    }

    /** The route's default backend and custom errors, or null. */
    public ErrorPages errorPages() {
        return model.errorPages();
    }

    /** Where copies of the route's requests go, or null. */
    RequestMirror.Target mirrorTarget() {
        return mirrorTarget;
    }
}
