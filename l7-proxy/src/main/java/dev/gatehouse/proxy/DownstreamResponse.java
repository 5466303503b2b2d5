package dev.gatehouse.proxy;

import dev.gatehouse.routing.SessionAffinity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;

/** Rewrites an upstream response, in place, into the response sent to the client. */
final class DownstreamResponse {

    private DownstreamResponse() {
    }

    /**
     * Sets framing and connection headers for the client's hop.
     *
     * @param keepAlive whether the client connection stays open after this response
     * @param http10    whether the client spoke HTTP/1.0
     * @param head      whether the request was HEAD
     * @return whether the client connection must close after the response (keep-alive refused, or a body
     *         whose end only the end of the connection can tell an HTTP/1.0 client)
     */
    static boolean prepare(HttpResponse response, boolean keepAlive, boolean http10, boolean head) {
        HttpHeaders headers = response.headers();
        int status = response.status().code();
        HopByHopHeaders.strip(headers);
        boolean close = !keepAlive;
        boolean bodyAllowed = !head && status != 204 && status != 304;
        if (bodyAllowed && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (http10) {
                close = true;
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return close;
    }

    /** A 101 Switching Protocols answer keeps the headers that say what it switches to. */
    static void prepareUpgrade(HttpResponse response) {
        HttpHeaders headers = response.headers();
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        HopByHopHeaders.strip(headers);
        if (upgrade != null) {
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
        }
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }

    /** Names the chosen endpoint in the affinity cookie. */
    static void setAffinityCookie(HttpResponse response, SessionAffinity affinity, String value) {
        DefaultCookie cookie = new DefaultCookie(affinity.cookieName(), value);
        cookie.setPath(affinity.path());
        cookie.setHttpOnly(true);
        cookie.setSecure(affinity.secure());
        if (affinity.maxAge() != null) {
            cookie.setMaxAge(affinity.maxAge().toSeconds());
        }
        if (affinity.sameSite() != null) {
            cookie.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.valueOf(affinity.sameSite()));
        }
        response.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
    }
}
