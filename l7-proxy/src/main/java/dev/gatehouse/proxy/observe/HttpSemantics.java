package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.http.ClientInfo;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Set;

/**
 * The attributes of OpenTelemetry's HTTP server semantic conventions (stable since 1.23), plus Gatehouse's own under
 * {@code gatehouse.*}: the virtual host, route, cluster and endpoint, and the request ID that the access log also has.
 */
final class HttpSemantics {

    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
            "PATCH");

    private HttpSemantics() {
    }

    /** The method as the conventions name it: {@code _OTHER} for one they do not know, so span names stay few. */
    static String method(String method) {
        return KNOWN_METHODS.contains(method) ? method : "_OTHER";
    }

    static void requestAttributes(SpanBuilder span, HttpRequest request, String protocolVersion, ClientInfo client) {
        String method = request.method().name();
        span.setAttribute("http.request.method", method(method));
        if (!KNOWN_METHODS.contains(method)) {
            span.setAttribute("http.request.method_original", method);
        }
        String target = request.uri();
        int query = target.indexOf('?');
        span.setAttribute("url.path", query < 0 ? target : target.substring(0, query));
        if (query >= 0) {
            span.setAttribute("url.query", target.substring(query + 1));
        }
        span.setAttribute("url.scheme", client.scheme().toString());
        span.setAttribute("network.protocol.name", "http");
        span.setAttribute("network.protocol.version", protocolVersion);
        span.setAttribute("client.address", client.client().toString());
        span.setAttribute("network.peer.address", client.peer().toString());
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host != null) {
            int colon = host.lastIndexOf(':');
            boolean hasPort = colon > host.lastIndexOf(']');
            span.setAttribute("server.address", hasPort ? host.substring(0, colon) : host);
            span.setAttribute("server.port", portOf(hasPort ? host.substring(colon + 1) : client.port().toString()));
        }
        String userAgent = request.headers().get(HttpHeaderNames.USER_AGENT);
        if (userAgent != null) {
            span.setAttribute("user_agent.original", userAgent);
        }
        span.setAttribute("gatehouse.request_id", client.requestId().toString());
    }

    static void outcomeAttributes(Span span, TraceSpan.Outcome outcome, SpanKind kind) {
        if (outcome.status() > 0) {
            span.setAttribute("http.response.status_code", outcome.status());
        }
        span.setAttribute("http.response.body.size", outcome.bytesSent());
        span.setAttribute("http.request.body.size", outcome.bytesReceived());
        span.setAttribute("gatehouse.virtual_host", outcome.virtualHost());
        span.setAttribute("gatehouse.route", outcome.route());
        if (outcome.cluster() != null) {
            span.setAttribute("gatehouse.cluster", outcome.cluster());
        }
        if (outcome.upstream() != null) {
            span.setAttribute("gatehouse.upstream.address", outcome.upstream());
        }
        // a server span is an error for 5xx only: a 4xx is the client's; a client span's 4xx is its own
        if (outcome.status() == 0) {
            span.setAttribute("error.type", "no_response");
            span.setStatus(StatusCode.ERROR);
        } else if (outcome.status() >= (kind == SpanKind.CLIENT ? 400 : 500)) {
            span.setAttribute("error.type", Integer.toString(outcome.status()));
            span.setStatus(StatusCode.ERROR);
        }
    }

    private static long portOf(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
