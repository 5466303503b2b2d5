package dev.gatehouse.proxy.http;

import dev.gatehouse.routing.SessionAffinity;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;

/** Rewrites an upstream response, in place, into the response sent to the client. */
public final class DownstreamResponse {

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
    public static boolean prepare(HttpResponse response, boolean keepAlive, boolean http10, boolean head) {
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
    public static void prepareUpgrade(HttpResponse response) {
        HttpHeaders headers = response.headers();
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        HopByHopHeaders.strip(headers);
        if (upgrade != null) {
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
        }
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }

    /**
     * Marks an answer that sets a cookie as {@code Cache-Control: private} unless it already says it may not be
     * stored or shared, as HAProxy's {@code nocache} does, since {@code no-cache="set-cookie"} is not understood by all.
     */
    public static void keepOutOfSharedCaches(HttpResponse response) {
        for (String value : response.headers().getAll(HttpHeaderNames.CACHE_CONTROL)) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.contains("private") || lower.contains("no-cache") || lower.contains("no-store")) {
                return;
            }
        }
        response.headers().add(HttpHeaderNames.CACHE_CONTROL, "private");
    }

    /**
     * Names the chosen endpoint in the affinity cookie.
     *
     * @param path      the cookie's Path when the affinity names none: the answering route's
     * @param https     whether the request came over HTTPS, which marks the cookie Secure, as ingress-nginx does
     * @param userAgent the request's User-Agent, or null: decides SameSite=None when it is conditional
     */
    public static void setAffinityCookie(HttpResponse response, SessionAffinity affinity, String path, boolean https, String value,
                                         String userAgent) {
        DefaultCookie cookie = new DefaultCookie(affinity.cookieName(), value);
        cookie.setPath(affinity.path() != null ? affinity.path() : path);
        cookie.setDomain(affinity.domain());
        cookie.setHttpOnly(true);
        cookie.setSecure(affinity.secure() || https);
        boolean leaveOut = affinity.conditionalSameSiteNone() && "None".equals(affinity.sameSite()) && SameSiteNone.incompatible(userAgent);
        if (affinity.sameSite() != null && !leaveOut) {
            cookie.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.valueOf(affinity.sameSite()));
        }
        StringBuilder header = new StringBuilder(ServerCookieEncoder.STRICT.encode(cookie));
        // Netty derives Expires from Max-Age; session-cookie-expires may say otherwise, so both are written here
        if (affinity.maxAge() != null) {
            header.append("; Max-Age=").append(affinity.maxAge().toSeconds());
        }
        Duration expires = affinity.expires() != null ? affinity.expires() : affinity.maxAge();
        if (expires != null) {
            header.append("; Expires=").append(DateFormatter.format(new Date(System.currentTimeMillis() + expires.toMillis())));
        }
        response.headers().add(HttpHeaderNames.SET_COOKIE, header.toString());
    }
}
