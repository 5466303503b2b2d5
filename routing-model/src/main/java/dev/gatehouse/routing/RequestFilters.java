package dev.gatehouse.routing;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the edge checks and changes on a forwarded request, in this order: the client address against
 * {@code allowedSources} (403 otherwise), the credentials against {@code basicAuth} (401 otherwise), then
 * the rewrites on the way to the upstream and back.
 *
 * @param allowedSources  CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses) a client
 *                        address must be in; empty for every client. The client address is the one after PROXY
 *                        protocol and trusted forwarded headers
 * @param basicAuth       HTTP basic authentication, or null for none
 * @param pathRewrite     how the request path changes before it goes upstream, or null for not at all
 * @param upstreamHost    the Host header sent upstream instead of the client's, or null to keep the client's
 * @param locationRewrite how a {@code Location} response header changes on its way back, or null for not at all
 * @param deniedSources   CIDR blocks or addresses whose clients get 403 even when the allow list lets them in
 * @param requestHeaders  headers set on the request sent upstream (replacing the client's of the same name), by
 *                        lower-case name; names and values are checked tokens and text, never configuration
 * @param externalAuth    a subrequest that must allow the request, or null
 * @param rateLimit       limits per client address, or null for none
 * @param cors            cross-origin resource sharing, or null for none
 * @param responseHeaders headers set on the response sent to the client, by lower-case name, checked as request headers are
 * @param errorPages      the route's own default backend and the upstream statuses it replaces, or null
 * @param mirror          a copy of each request sent elsewhere, or null
 * @param accessLog       whether the route's requests are written to the access log (when it is on at all)
 * @param tracing         whether the route's requests are traced (when the proxy exports traces at all)
 * @param globalRateLimit a limit every replica shares, counted in memcached, or null for none
 * @param satisfyAny      whether passing one of the access checks (the source lists, basic auth, external auth) is
 *                        enough, as nginx's {@code satisfy any}; false for all of them ({@code satisfy all})
 * @param headerEdits     headers appended to and removed from the request and the response after those set above
 * @param mirrors         copies of requests sent to further targets besides {@code mirror} (Gateway API's RequestMirror
 *                        filters), each on its own
 */
public record RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                             LocationRewrite locationRewrite, List<String> deniedSources, Map<String, String> requestHeaders,
                             ExternalAuth externalAuth, RateLimit rateLimit, Cors cors, Map<String, String> responseHeaders,
                             ErrorPages errorPages, Mirror mirror, boolean accessLog, Tracing tracing,
                             GlobalRateLimit globalRateLimit, boolean satisfyAny, HeaderEdits headerEdits,
                             List<Mirror> mirrors) {

    /** Nothing checked, nothing changed. */
    public static final RequestFilters NONE = new RequestFilters(List.of(), null, null, null, null);

    /** Filters without external auth, limits, CORS, response headers, error pages or mirror; logged. */
    public RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                          LocationRewrite locationRewrite, List<String> deniedSources, Map<String, String> requestHeaders) {
        this(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders, null, null, null,
                Map.of(), null, null, true, Tracing.DEFAULT);
    }

    /** Filters without a deny list or request headers. */
    public RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                          LocationRewrite locationRewrite) {
        this(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, List.of(), Map.of());
    }

    /** Filters as {@link #RequestFilters(List, BasicAuth, PathRewrite, String, LocationRewrite, List, Map, ExternalAuth,
     * RateLimit, Cors, Map, ErrorPages, Mirror, boolean, Tracing)}, traced by default. */
    public RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                          LocationRewrite locationRewrite, List<String> deniedSources, Map<String, String> requestHeaders,
                          ExternalAuth externalAuth, RateLimit rateLimit, Cors cors, Map<String, String> responseHeaders,
                          ErrorPages errorPages, Mirror mirror, boolean accessLog) {
        this(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders, externalAuth,
                rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, Tracing.DEFAULT);
    }

    /** Filters as {@link #RequestFilters(List, BasicAuth, PathRewrite, String, LocationRewrite, List, Map, ExternalAuth,
     * RateLimit, Cors, Map, ErrorPages, Mirror, boolean, Tracing, GlobalRateLimit, boolean)}, without a global rate limit. */
    public RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                          LocationRewrite locationRewrite, List<String> deniedSources, Map<String, String> requestHeaders,
                          ExternalAuth externalAuth, RateLimit rateLimit, Cors cors, Map<String, String> responseHeaders,
                          ErrorPages errorPages, Mirror mirror, boolean accessLog, Tracing tracing) {
        this(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders, externalAuth,
                rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, null, false);
    }

    /** Filters as {@link #RequestFilters(List, BasicAuth, PathRewrite, String, LocationRewrite, List, Map, ExternalAuth,
     * RateLimit, Cors, Map, ErrorPages, Mirror, boolean, Tracing, GlobalRateLimit, boolean)}, whose access checks must all
     * pass. */
    public RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                          LocationRewrite locationRewrite, List<String> deniedSources, Map<String, String> requestHeaders,
                          ExternalAuth externalAuth, RateLimit rateLimit, Cors cors, Map<String, String> responseHeaders,
                          ErrorPages errorPages, Mirror mirror, boolean accessLog, Tracing tracing, GlobalRateLimit globalRateLimit) {
        this(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders, externalAuth,
                rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, false);
    }

    /** Filters as {@link #RequestFilters(List, BasicAuth, PathRewrite, String, LocationRewrite, List, Map, ExternalAuth,
     * RateLimit, Cors, Map, ErrorPages, Mirror, boolean, Tracing, GlobalRateLimit, boolean, HeaderEdits, List)}, without headers
     * appended or removed, or further mirrors. */
    public RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                          LocationRewrite locationRewrite, List<String> deniedSources, Map<String, String> requestHeaders,
                          ExternalAuth externalAuth, RateLimit rateLimit, Cors cors, Map<String, String> responseHeaders,
                          ErrorPages errorPages, Mirror mirror, boolean accessLog, Tracing tracing, GlobalRateLimit globalRateLimit,
                          boolean satisfyAny) {
        this(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders, externalAuth,
                rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, HeaderEdits.NONE,
                List.of());
    }

    public RequestFilters {
        if (headerEdits == null) {
            throw new IllegalArgumentException("header edits must be set (HeaderEdits.NONE for none)");
        }
        mirrors = List.copyOf(mirrors);
        if (tracing == null) {
            throw new IllegalArgumentException("tracing must be set (Tracing.DEFAULT for ingress-nginx's defaults)");
        }
        allowedSources = List.copyOf(allowedSources);
        deniedSources = List.copyOf(deniedSources);
        requestHeaders = checkedHeaders("request", requestHeaders);
        responseHeaders = checkedHeaders("response", responseHeaders);
        if (upstreamHost != null && upstreamHost.isEmpty()) {
            throw new IllegalArgumentException("the upstream host must not be empty (expected a host name, or null to keep the client's)");
        }
    }

    private static Map<String, String> checkedHeaders(String which, Map<String, String> given) {
        Map<String, String> headers = new TreeMap<>();
        given.forEach((name, value) -> {
            if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9a-z-]+") || value == null
                    || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException(which + " header \"" + name + "\" must be a lower-case token with a value "
                        + "without control characters");
            }
            headers.put(name, value);
        });
        return Collections.unmodifiableMap(headers);
    }

    public RequestFilters withBasicAuth(BasicAuth value) {
        return new RequestFilters(allowedSources, value, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withPathRewrite(PathRewrite value) {
        return new RequestFilters(allowedSources, basicAuth, value, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    /** These filters with {@code more} request headers set too (a name already set keeps its value). */
    public RequestFilters withRequestHeaders(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(more);
        merged.putAll(requestHeaders);
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, merged,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withExternalAuth(ExternalAuth value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                value, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withRateLimit(RateLimit value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, value, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withCors(Cors value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, value, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withResponseHeaders(Map<String, String> value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, value, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withErrorPages(ErrorPages value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, value, mirror, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withMirror(Mirror value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, value, accessLog, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withAccessLog(boolean value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, value, tracing, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withTracing(Tracing value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, value, globalRateLimit, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withGlobalRateLimit(GlobalRateLimit value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, value, satisfyAny, headerEdits, mirrors);
    }

    public RequestFilters withSatisfyAny(boolean value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, value, headerEdits, mirrors);
    }

    public RequestFilters withHeaderEdits(HeaderEdits value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny, value, mirrors);
    }

    public RequestFilters withMirrors(List<Mirror> value) {
        return new RequestFilters(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, deniedSources, requestHeaders,
                externalAuth, rateLimit, cors, responseHeaders, errorPages, mirror, accessLog, tracing, globalRateLimit, satisfyAny,
                headerEdits, value);
    }

    @Override
    public String toString() {
        // header values come from ConfigMaps (request-headers, custom-headers) and may be credentials: names only in logs
        return "RequestFilters[allowedSources=" + allowedSources + ", basicAuth=" + basicAuth + ", pathRewrite=" + pathRewrite
                + ", upstreamHost=" + upstreamHost + ", locationRewrite=" + locationRewrite + ", deniedSources=" + deniedSources
                + ", requestHeaders=" + requestHeaders.keySet() + ", externalAuth=" + externalAuth + ", rateLimit=" + rateLimit
                + ", cors=" + cors + ", responseHeaders=" + responseHeaders.keySet() + ", errorPages=" + errorPages
                + ", mirror=" + mirror + ", accessLog=" + accessLog + ", tracing=" + tracing + ", globalRateLimit=" + globalRateLimit
                + ", satisfyAny=" + satisfyAny + ", headerEdits=" + headerEdits + ", mirrors=" + mirrors + "]";
    }

    /** Whether every request passes unchanged. */
    public boolean none() {
        return equals(NONE);
    }
}
