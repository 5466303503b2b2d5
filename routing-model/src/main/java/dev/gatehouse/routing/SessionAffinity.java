package dev.gatehouse.routing;

import java.time.Duration;

/**
 * Cookie session affinity: the proxy names the endpoint it chose in a cookie, and later requests that
 * carry the cookie go to that endpoint while it is available.
 *
 * @param cookieName      the cookie's name
 * @param path            the cookie's Path attribute
 * @param maxAge          the cookie's Max-Age, or null for a session cookie
 * @param secure          whether the cookie carries Secure
 * @param sameSite        the SameSite attribute ({@code Lax}, {@code Strict}, {@code None}) or null
 * @param changeOnFailure whether a request whose endpoint is unavailable may move to another one and get
 *                        a new cookie (otherwise it still moves, since the endpoint cannot serve it, but
 *                        keeps its cookie so it returns once the endpoint is back)
 */
public record SessionAffinity(String cookieName, String path, Duration maxAge, boolean secure, String sameSite,
                              boolean changeOnFailure) {

    public SessionAffinity {
        if (cookieName == null || cookieName.isEmpty()) {
            throw new IllegalArgumentException("cookie affinity needs a cookie name");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("cookie path \"" + path + "\" must start with \"/\"");
        }
    }

    /** ingress-nginx's defaults: cookie {@code INGRESSCOOKIE} on {@code /}, a session cookie. */
    public static SessionAffinity cookie(String name) {
        return new SessionAffinity(name, "/", null, false, null, false);
    }
}
