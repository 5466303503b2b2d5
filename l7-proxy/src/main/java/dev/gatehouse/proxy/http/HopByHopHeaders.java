package dev.gatehouse.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Set;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 section 7.6.1):
 * the fixed list and any header the Connection header names, except the ones that frame or address the
 * message and the ones the proxy itself sets: a peer that could remove Content-Length by naming it would
 * have the next hop read the body as another request. Message framing is set again by the caller for the
 * next hop, from the message as it was decoded.
 */
public final class HopByHopHeaders {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final List<AsciiString> FIXED = List.of(
            HttpHeaderNames.KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION);

    // Connection may not name these: they frame or address the message, or the proxy sets them for the upstream
    private static final Set<AsciiString> KEPT = Set.of(
            HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.HOST, ForwardedHeaders.X_FORWARDED_FOR, ForwardedHeaders.X_FORWARDED_PROTO, ForwardedHeaders.X_FORWARDED_HOST,
            ForwardedHeaders.X_FORWARDED_PORT, ForwardedHeaders.X_REAL_IP, ForwardedHeaders.FORWARDED, RequestIds.X_REQUEST_ID);

    // a trailer may not frame, route or steer the message (RFC 9110 section 6.5.1), nor pass for what the proxy sets:
    // an upstream that merges trailers into the header section would believe them
    private static final List<AsciiString> NOT_IN_TRAILERS = List.of(
            HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.HOST, HttpHeaderNames.TRAILER,
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.UPGRADE,
            HttpHeaderNames.TE, HttpHeaderNames.EXPECT, HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.PROXY_AUTHORIZATION,
            ForwardedHeaders.X_FORWARDED_FOR, ForwardedHeaders.X_FORWARDED_PROTO, ForwardedHeaders.X_FORWARDED_HOST,
            ForwardedHeaders.X_FORWARDED_PORT, ForwardedHeaders.X_REAL_IP, ForwardedHeaders.FORWARDED, RequestIds.X_REQUEST_ID);

    private HopByHopHeaders() {
    }

    /** Removes from a request's trailer section the fields that only a header section may carry. */
    public static void stripTrailers(HttpHeaders trailers) {
        if (!trailers.isEmpty()) {
            for (AsciiString name : NOT_IN_TRAILERS) {
                trailers.remove(name);
            }
        }
    }

    public static void strip(HttpHeaders headers) {
        // every Connection line counts: a second line must not smuggle a name past the first
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                AsciiString name = AsciiString.of(token.trim()).toLowerCase();
                if (!name.isEmpty() && !KEPT.contains(name)) {
                    headers.remove(name);
                }
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION);
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }
}
