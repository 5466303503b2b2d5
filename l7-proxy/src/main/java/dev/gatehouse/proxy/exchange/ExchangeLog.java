package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.observe.AccessLog;
import dev.gatehouse.proxy.observe.AccessLogEntry;
import dev.gatehouse.proxy.observe.RequestTracer;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.observe.TraceSpan;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The access-log line and the span of one exchange: what the client asked, taken when the exchange starts (the request is
 * rewritten for the upstream hop after that), and how it ended. The span starts with the line and ends when it is written.
 */
final class ExchangeLog {

    private final AccessLog accessLog;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private final long startMillis;
    private final String method;
    private final String uri;
    private final String host;
    private final String protocol;
    private final String cluster;
    private final TraceSpan span;

    ExchangeLog(AccessLog accessLog, RequestTracer tracer, double sampleRatio, RouteFilters filters, HttpRequest request, boolean http2,
                ClientInfo client, String cluster) {
        this.accessLog = accessLog;
        this.enabled = accessLog.enabled() && (filters == null || filters.logged());
        this.startMillis = enabled ? System.currentTimeMillis() : 0;
        this.method = request.method().name();
        this.uri = request.uri();
        this.host = request.headers().get(HttpHeaderNames.HOST);
        this.protocol = http2 ? "HTTP/2" : request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? "HTTP/1.0" : "HTTP/1.1";
        this.cluster = cluster;
        this.span = filters == null || filters.traced()
                ? tracer.start(request, protocol.substring(5), client, filters == null || filters.trustsIncomingSpan(), sampleRatio)
                : TraceSpan.NONE;
    }

    /** The exchange's span, whose context goes upstream. */
    TraceSpan span() {
        return span;
    }

    /** The client's target, as it asked for it. */
    String uri() {
        return uri;
    }

    /** The client's Host, or null when it sent none. */
    String host() {
        return host;
    }

    /** Nanoseconds since the exchange started. */
    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /**
     * Writes the line and ends the span.
     *
     * @param request  the request (its User-Agent and Referer are logged)
     * @param upstream the endpoint of the last attempt, or null
     */
    void write(HttpRequest request, ClientInfo client, RouteStats stats, Member upstream, int status, long bytesSent,
               long bytesReceived) {
        endSpan(stats, upstream, status, bytesSent, bytesReceived);
        AccessLogEntry entry = enabled ? accessLog.claim() : null;
        if (entry != null) {
            entry.request(startMillis, client.requestId(), client.client(), method, uri, protocol, host,
                            request.headers().get(HttpHeaderNames.USER_AGENT), request.headers().get(HttpHeaderNames.REFERER))
                    .publish(stats.virtualHost(), stats.route(), upstream == null ? null : upstream.endpoint(), status, bytesSent,
                            bytesReceived, elapsedNanos(), span.traceId());
        }
    }

    /** Ends the span alone: for an answer replaced by an error page, whose line the page's exchange writes. */
    void endSpan(RouteStats stats, Member upstream, int status, long bytesSent, long bytesReceived) {
        if (span != TraceSpan.NONE) {
            String endpoint = upstream == null ? null : upstream.endpoint().toString();
            span.end(new TraceSpan.Outcome(status, stats.virtualHost(), stats.route(), cluster, endpoint, bytesSent, bytesReceived));
        }
    }
}
