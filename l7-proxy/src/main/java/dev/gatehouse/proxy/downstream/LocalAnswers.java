package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.TraceSettings;
import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.filter.Verdict;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.proxy.http.RequestHeadRules;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.AccessLog;
import dev.gatehouse.proxy.observe.AccessLogEntry;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.observe.TraceSpan;
import dev.gatehouse.routing.Tracing;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The proxy's own answers on one client connection (or HTTP/2 stream): written with the route's response and CORS
 * headers on a forwarding route, as the upstream's answers are, logged, traced (a server span with the answer's
 * status, as the route's tracing or, for answers of no forwarding route, the snapshot's asks), and the request released.
 */
final class LocalAnswers {

    private final ChannelHandlerContext ctx;
    private final ProxyContext proxy;
    private final boolean http2;

    LocalAnswers(ChannelHandlerContext ctx, ProxyContext proxy, boolean http2) {
        this.ctx = ctx;
        this.proxy = proxy;
        this.http2 = http2;
    }

    /**
     * Writes {@code answer} to {@code request}.
     *
     * @param keepAlive whether the connection may stay open, unless the answer closes it
     * @param route     the forwarding route's filters, or null
     * @param cookies   the external auth service's cookies, or null: an answer after the auth service was asked carries
     *                  them as the upstream's would (a 2xx or 3xx, or any with auth-always-set-cookie)
     * @return whether the connection stays open for the next request
     */
    boolean write(HttpRequest request, ClientInfo client, RouteStats stats, Verdict.Answer answer, boolean keepAlive,
                  RouteFilters route, AuthCookies cookies) {
        TraceSpan span = span(request, client, route);
        HttpHeaders extra = answer.headers();
        if (extra == null && route != null && route.changesResponses()) {
            extra = new DefaultHttpHeaders();
            route.addResponseHeaders(extra, request.headers().get(HttpHeaderNames.ORIGIN));
        }
        if (cookies != null && cookies.setOn(answer.status())) {
            // a copy: an answer's own headers may be shared by every request of the route
            extra = extra == null ? new DefaultHttpHeaders() : extra.copy();
            cookies.addTo(extra, answer.status());
        }
        boolean complete = request instanceof LastHttpContent;
        // without 100 Continue the client may hold back its body: only a fresh connection is safe after this answer
        boolean reuse = keepAlive && !answer.close() && (complete || !HttpUtil.is100ContinueExpected(request));
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        span.end(new TraceSpan.Outcome(answer.status(), stats.virtualHost(), stats.route(), null, null, answer.body().length(), 0));
        log(request, client, stats, answer, route, span.traceId());
        ReferenceCountUtil.release(request);
        if (reuse || complete) {
            LocalResponses.write(ctx, answer.status(), answer.body(), reuse, head, http10, answer.header(), answer.value(), extra);
        } else {
            LocalResponses.writeAndLinger(ctx, answer.status(), answer.body(), head, http10, answer.header(), answer.value(), extra);
        }
        return reuse;
    }

    /**
     * Answers a request that cannot be read one way only; the caller closes: whatever follows it on the connection
     * cannot be trusted to start where the proxy thinks. An HTTP/2 stream is only that stream.
     */
    void refuse(HttpRequest request, RequestHeadRules.Refusal refusal) {
        ReferenceCountUtil.release(request);
        String body = LocalResponses.text(refusal.status(), refusal.reason());
        if (http2) {
            // the answer ends the stream; the connection and its other streams go on
            LocalResponses.write(ctx, refusal.status(), body, true, false, false);
        } else {
            LocalResponses.writeAndLinger(ctx, refusal.status(), body, false, false, null, null, null);
        }
    }

    private TraceSpan span(HttpRequest request, ClientInfo client, RouteFilters route) {
        TraceSettings settings = proxy.settings().tracing();
        Tracing tracing = route != null ? route.tracing() : settings.unrouted();
        if (!tracing.enabled()) {
            return TraceSpan.NONE;
        }
        String version = http2 ? "2" : request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? "1.0" : "1.1";
        return proxy.tracer().start(request, version, client, tracing.trustIncomingSpan(), settings.sampleRatio());
    }

    private void log(HttpRequest request, ClientInfo client, RouteStats stats, Verdict.Answer answer, RouteFilters route, String traceId) {
        AccessLog accessLog = proxy.accessLog();
        AccessLogEntry entry = accessLog.enabled() && (route == null || route.logged()) ? accessLog.claim() : null;
        if (entry != null) {
            HttpHeaders headers = request.headers();
            entry.request(System.currentTimeMillis(), client.requestId(), client.client(), request.method().name(), request.uri(),
                            http2 ? "HTTP/2" : request.protocolVersion().text(), headers.get(HttpHeaderNames.HOST),
                            headers.get(HttpHeaderNames.USER_AGENT), headers.get(HttpHeaderNames.REFERER))
                    .publish(stats.virtualHost(), stats.route(), null, answer.status(), answer.body().length(), 0, 0, traceId);
        }
    }
}
