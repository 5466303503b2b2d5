package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.exchange.RequestBody;
import dev.gatehouse.proxy.http.LocalResponses;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The route's body limit, for a request that announces its length: answered 413 before anything goes upstream, and
 * the connection closes rather than read the body. A chunked body is counted as it streams ({@link RequestBody}).
 * Last in every forwarding route's chain.
 */
public final class BodyLimitFilter implements RequestFilter {

    public static final BodyLimitFilter INSTANCE = new BodyLimitFilter();

    private BodyLimitFilter() {
    }

    @Override
    public Verdict check(FilteredRequest request) {
        long limit = request.maxBodyBytes();
        if (limit >= 0 && HttpUtil.getContentLength(request.request(), -1L) > limit) {
            String reason = "the request body is larger than " + limit + " bytes";
            return Verdict.answer(new Verdict.Answer(413, LocalResponses.text(413, reason), null, null, null, true));
        }
        return Verdict.PASS;
    }
}
