package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.Cookies;
import dev.gatehouse.proxy.http.ForwardedHeaders;
import dev.gatehouse.proxy.http.HopByHopHeaders;
import dev.gatehouse.proxy.http.RequestIds;
import dev.gatehouse.proxy.observe.TraceSpan;
import dev.gatehouse.routing.UpstreamProtocol;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.ArrayList;
import java.util.List;

/** Rewrites a client request, in place, into the request sent to the upstream. */
public final class UpstreamRequest {

    private static final HttpConversionUtil.ExtensionHeaderNames[] EXTENSION_HEADERS =
            HttpConversionUtil.ExtensionHeaderNames.values();

    private UpstreamRequest() {
    }

    /** Whether the client asks to switch protocols (WebSocket and the like): Upgrade plus Connection: upgrade. */
    static boolean isUpgrade(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.UPGRADE)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /**
     * Removes what belongs to the client's hop, sets the framing and forwarded headers for the next one,
     * keeps an upgrade request an upgrade request, and applies the route's rewrites of target and Host.
     *
     * @param fromHttp2 whether the client spoke HTTP/2, where a body needs no length header
     * @param host      the Host the client asked for, which X-Forwarded-Host keeps when the upstream gets another
     * @param filters   the route's filters, or null
     * @param span      the exchange's span, whose trace context the upstream gets
     * @param ownCookie the name of an affinity cookie that is the proxy's alone (HAProxy's {@code indirect}), or null
     */
    static void prepare(HttpRequest request, UpstreamProtocol protocol, boolean upgrade, boolean fromHttp2, String host,
                        ClientInfo client, RouteFilters filters, TraceSpan span, String ownCookie) {
        HttpHeaders headers = request.headers();
        if (ownCookie != null) {
            withoutCookie(headers, ownCookie);
        }
        // the framing as the decoder read it (RequestHeadRules and Netty's decoder leave one reading): it, not
        // what the peer's Connection header asks to drop, frames the request for the upstream
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        String contentLength = chunked ? null : headers.get(HttpHeaderNames.CONTENT_LENGTH);
        boolean bodyWithoutLength = fromHttp2 && !(request instanceof LastHttpContent) && contentLength == null;
        String te = headers.get(HttpHeaderNames.TE);
        String upgradeTo = upgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        HopByHopHeaders.strip(headers);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        if (contentLength != null) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        }
        headers.remove(HttpHeaderNames.EXPECT);
        if (fromHttp2) {
            for (HttpConversionUtil.ExtensionHeaderNames name : EXTENSION_HEADERS) {
                headers.remove(name.text());
            }
        }
        if (protocol == UpstreamProtocol.H2C) {
            if (te != null && te.trim().equalsIgnoreCase("trailers")) {
                // gRPC servers look for it; it is the only TE value HTTP/2 allows
                headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
            }
        } else if (upgradeTo != null) {
            headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        } else if (chunked || bodyWithoutLength) {
            HttpUtil.setTransferEncodingChunked(request, true);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!headers.contains(RequestIds.X_REQUEST_ID)) {
            headers.set(RequestIds.X_REQUEST_ID, client.requestId());
        }
        span.inject(headers);
        ForwardedHeaders.set(headers, host, client.peer(), client.client(), client.trustedPeer(), client.scheme(), client.port());
        if (filters != null) {
            request.setUri(filters.upstreamTarget(request.uri()));
            if (filters.upstreamHost() != null) {
                // an h2c upstream gets it as :authority, which the HTTP/2 codec takes from Host
                headers.set(HttpHeaderNames.HOST, filters.upstreamHost());
            }
            filters.editRequestHeaders(headers);
        }
    }

    private static void withoutCookie(HttpHeaders headers, String name) {
        List<String> kept = new ArrayList<>();
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            String rest = Cookies.without(header, name);
            if (rest != null) {
                kept.add(rest);
            }
        }
        headers.remove(HttpHeaderNames.COOKIE);
        kept.forEach(header -> headers.add(HttpHeaderNames.COOKIE, header));
    }
}
