package dev.gatehouse.proxy.filter;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.BiConsumer;

/**
 * A CORS preflight on a route with CORS: 204 (or 200, as the route's CORS says) with the CORS headers for an allowed origin, 403 without them for
 * another (the upstream's answer would otherwise decide for origins the route does not list). First in the chain: a
 * preflight carries no credentials, so it is answered before the limits and access checks.
 */
final class CorsPreflightFilter implements RequestFilter {

    private final CorsPolicy cors;
    private final BiConsumer<HttpHeaders, String> routeHeaders;

    /** @param routeHeaders adds the route's response and CORS headers for an origin, as on every answer of the route */
    CorsPreflightFilter(CorsPolicy cors, BiConsumer<HttpHeaders, String> routeHeaders) {
        this.cors = cors;
        this.routeHeaders = routeHeaders;
    }

    @Override
    public Verdict check(FilteredRequest request) {
        if (!CorsPolicy.isPreflight(request.request())) {
            return Verdict.PASS;
        }
        String origin = request.request().headers().get(HttpHeaderNames.ORIGIN);
        if (!cors.allows(origin)) {
            return Verdict.answer(403, "the origin is not allowed on this route (CORS)");
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        routeHeaders.accept(headers, origin);
        cors.addPreflight(headers);
        return Verdict.answer(new Verdict.Answer(cors.preflightStatus(), "", null, null, headers, false));
    }
}
