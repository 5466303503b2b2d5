package dev.gatehouse.proxy.filter;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * The Set-Cookie headers of the external auth service's 2xx answer, for the client's answer: as ingress-nginx, on a 2xx
 * or 3xx answer, or on every answer with {@code auth-always-set-cookie} (a session the auth service refreshed must
 * reach the client even when the upstream fails).
 *
 * @param values each Set-Cookie header, unjoined
 * @param always whether an error answer gets them too
 */
public record AuthCookies(List<String> values, boolean always) {

    public AuthCookies {
        values = List.copyOf(values);
    }

    /** Whether an answer of {@code status} gets the cookies. */
    public boolean setOn(int status) {
        return always || status >= 200 && status < 400;
    }

    /** Adds the cookies to the headers of an answer of {@code status}, beside the upstream's own. */
    public void addTo(HttpHeaders headers, int status) {
        if (setOn(status)) {
            headers.add(HttpHeaderNames.SET_COOKIE, values);
        }
    }
}
