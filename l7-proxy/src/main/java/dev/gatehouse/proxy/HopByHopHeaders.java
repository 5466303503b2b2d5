package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 section 7.6.1):
 * the fixed list and any header the Connection header names. Message framing is set again by the caller
 * for the next hop.
 */
final class HopByHopHeaders {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final List<AsciiString> FIXED = List.of(
            HttpHeaderNames.KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION);

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }
}
