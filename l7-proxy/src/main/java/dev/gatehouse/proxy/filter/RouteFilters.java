package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.http.HeaderEditor;
import dev.gatehouse.proxy.http.ResponseHeaders;
import dev.gatehouse.proxy.http.Rewrites;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.LocationRewrite;
import dev.gatehouse.routing.Mirror;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.Tracing;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link RequestFilters} of one forwarded route, ready for the data plane: the source allow list
 * parsed, the basic auth challenge made, the rate limiter of its limit at hand (so that a route without
 * filters costs the request no look-up at all). {@code live.RouteCompiler} compiles them once per snapshot (and keeps
 * them across snapshots while they do not change); the downstream pipeline runs the checks, and the exchange
 * ({@code exchange.UpstreamRequest}, {@code exchange.ResponseEdits}) applies the rewrites.
 */
public final class RouteFilters {

    private final RequestFilters model;
    private final RateLimiter limiter;
    private final MirrorTarget[] mirrorTargets;
    private final ExternalAuthCheck externalAuth;
    private final CorsPolicy cors;
    private final AsciiString[] responseHeaders;
    private final HeaderEditor requestEdits;
    private final HeaderEditor responseEdits;
    private final RequestFilter[] chain;

    private RouteFilters(String route, RequestFilters model, RateLimiter limiter) {
        this.model = model;
        this.limiter = limiter;
        List<MirrorTarget> targets = new ArrayList<>();
        for (Mirror mirror : allMirrors(model)) {
            MirrorTarget target = MirrorTarget.of(mirror);
            if (target != null) {
                targets.add(target);
            }
        }
        this.mirrorTargets = targets.toArray(MirrorTarget[]::new);
        this.externalAuth = model.externalAuth() == null ? null : ExternalAuthCheck.compile(model.externalAuth());
        this.cors = CorsPolicy.compile(model.cors());
        this.responseHeaders = ResponseHeaders.compile(model.responseHeaders());
        this.requestEdits = HeaderEditor.compile(model.headerEdits().requestAdd(), model.headerEdits().requestRemove());
        this.responseEdits = HeaderEditor.compile(model.headerEdits().responseAdd(), model.headerEdits().responseRemove());
        this.chain = buildChain(route);
    }

    /** The checks, in the order a request meets them; the body limit last, as on a route without filters. */
    private RequestFilter[] buildChain(String route) {
        List<RequestFilter> checks = new ArrayList<>(7);
        if (cors != null) {
            checks.add(new CorsPreflightFilter(cors, this::addResponseHeaders));
        }
        if (model.globalRateLimit() != null) {
            checks.add(new GlobalRateLimitFilter(model.globalRateLimit(), Clock.systemUTC()));
        }
        if (limiter != null) {
            checks.add(new RateLimitFilter(limiter));
        }
        // a route whose access control could not be read answers 503 to everyone: satisfy any never opens it
        boolean denied = model.basicAuth() != null && model.basicAuth().unavailable();
        boolean any = model.satisfyAny() && !denied && (model.basicAuth() != null || externalAuth != null);
        List<RequestFilter> access = accessChecks(route, any);
        if (any && access.size() > 1) {
            checks.add(new AnyAccessCheck(access.toArray(RequestFilter[]::new)));
        } else {
            checks.addAll(access);
        }
        checks.add(BodyLimitFilter.INSTANCE);
        return checks.toArray(RequestFilter[]::new);
    }

    /** Who may use the route, cheapest first: the source lists, basic auth, external auth; {@code any} for satisfy any. */
    private List<RequestFilter> accessChecks(String route, boolean any) {
        List<RequestFilter> access = new ArrayList<>(3);
        if (!model.allowedSources().isEmpty() || !model.deniedSources().isEmpty()) {
            access.add(any ? SourceListFilter.compileForAny(route, model.allowedSources(), model.deniedSources())
                    : SourceListFilter.compile(route, model.allowedSources(), model.deniedSources()));
        }
        if (model.basicAuth() != null) {
            access.add(new BasicAuthFilter(model.basicAuth()));
        }
        if (externalAuth != null) {
            access.add(new ExternalAuthFilter(externalAuth));
        }
        return access;
    }

    /** The route's checks, in order ({@link RequestFilter}). */
    public RequestFilter[] chain() {
        return chain;
    }

    /**
     * The filters of route {@code route}.
     *
     * @param limiter the limiter of the filters' rate limit, shared by the routes of its zone; null without one
     */
    public static RouteFilters compile(String route, RequestFilters filters, RateLimiter limiter) {
        return new RouteFilters(route, filters, limiter);
    }

    /** The model these were compiled from. */
    RequestFilters model() {
        return model;
    }

    /** The route's rate limiter, or null when it has no limit. */
    RateLimiter limiter() {
        return limiter;
    }

    /** The external authentication of the route, or null. */
    ExternalAuthCheck externalAuth() {
        return externalAuth;
    }

    /** The request target sent upstream. */
    public String upstreamTarget(String target) {
        PathRewrite rewrite = model.pathRewrite();
        return rewrite == null ? target : Rewrites.path(rewrite, target);
    }

    /** Sets, then appends and removes, the route's headers of the request sent upstream. */
    public void editRequestHeaders(HttpHeaders headers) {
        model.requestHeaders().forEach(headers::set);
        requestEdits.apply(headers);
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
        responseEdits.apply(headers);
        if (cors != null) {
            cors.addResponse(headers, origin);
        }
    }

    /** Whether {@link #addResponseHeaders} adds anything. */
    public boolean changesResponses() {
        return cors != null || responseHeaders.length > 0 || responseEdits.edits();
    }

    /** Whether the route's requests are written to the access log. */
    public boolean logged() {
        return model.accessLog();
    }

    /** Whether the route's requests are traced, and whether a client's trace is continued. */
    public Tracing tracing() {
        return model.tracing();
    }

    /** Whether the route's requests are traced: the route's {@code Tracing}. */
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

    /** Where copies of the route's requests go: none, one, or several each taking its share. */
    public MirrorTarget[] mirrorTargets() {
        return mirrorTargets;
    }

    private static List<Mirror> allMirrors(RequestFilters model) {
        List<Mirror> all = new ArrayList<>();
        if (model.mirror() != null) {
            all.add(model.mirror());
        }
        all.addAll(model.mirrors());
        return all;
    }
}
