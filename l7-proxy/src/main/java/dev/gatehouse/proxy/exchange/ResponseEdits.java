package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.DownstreamResponse;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.SessionAffinity;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/**
 * What the proxy changes in the head of an answer on its way to the client: HSTS on HTTPS, the affinity cookie, the
 * Location the route rewrites, the route's response and CORS headers (also on the proxy's own answers), and the external
 * auth service's cookies.
 */
final class ResponseEdits {

    private static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");

    private final RouteFilters filters;
    private final SessionAffinity affinity;
    private final String strictTransportSecurity;
    private final boolean https;
    private final String cookiePath;
    // the request's Origin, for the CORS headers of the answer; null without one, or without headers to add
    private final String origin;
    private AuthCookies cookies;

    ResponseEdits(HttpRequest request, ClientInfo client, RequestPolicy policy, RouteFilters filters, SessionAffinity affinity) {
        this.filters = filters;
        this.affinity = affinity;
        this.https = client.scheme().toString().equals("https");
        this.strictTransportSecurity = https ? policy.strictTransportSecurity() : null;
        this.cookiePath = policy.cookiePath() != null ? policy.cookiePath() : "/";
        this.origin = filters != null && filters.changesResponses() ? request.headers().get(HttpHeaderNames.ORIGIN) : null;
    }

    void passCookies(AuthCookies cookies) {
        this.cookies = cookies;
    }

    /** The auth service's cookies for the client's answer, or null: an error page that replaces it carries them too. */
    AuthCookies cookies() {
        return cookies;
    }

    /**
     * Edits the head of the upstream's answer.
     *
     * @param affinityCookie the value of a new affinity cookie, or null
     * @param request        the request's headers: its User-Agent decides SameSite=None when that is conditional (read
     *                       only then, to spare every other answer the lookup)
     */
    void apply(HttpResponse response, String affinityCookie, HttpHeaders request) {
        if (affinityCookie != null) {
            DownstreamResponse.setAffinityCookie(response, affinity, cookiePath, https, affinityCookie,
                    request.get(HttpHeaderNames.USER_AGENT));
            if (affinity.indirect()) {
                DownstreamResponse.keepOutOfSharedCaches(response);
            }
        }
        if (strictTransportSecurity != null) {
            response.headers().set(STRICT_TRANSPORT_SECURITY, strictTransportSecurity);
        }
        if (filters != null && filters.rewritesLocation()) {
            String location = response.headers().get(HttpHeaderNames.LOCATION);
            if (location != null) {
                response.headers().set(HttpHeaderNames.LOCATION, filters.downstreamLocation(location));
            }
        }
        if (filters != null && filters.changesResponses()) {
            filters.addResponseHeaders(response.headers(), origin);
        }
        if (cookies != null) {
            cookies.addTo(response.headers(), response.status().code());
        }
    }

    /**
     * The route's response and CORS headers, and the auth service's cookies, for an answer of the proxy's own (502, 503,
     * 504, 413) of {@code status}, or null.
     */
    HttpHeaders ownAnswerHeaders(int status) {
        boolean changes = filters != null && filters.changesResponses();
        boolean withCookies = cookies != null && cookies.setOn(status);
        if (!changes && !withCookies) {
            return null;
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        if (changes) {
            filters.addResponseHeaders(headers, origin);
        }
        if (withCookies) {
            cookies.addTo(headers, status);
        }
        return headers;
    }
}
