package dev.gatehouse.routing;

import java.time.Duration;

/**
 * Cookie session affinity: the proxy names the endpoint it chose in a cookie, and later requests that
 * carry the cookie go to that endpoint while it is available.
 *
 * @param cookieName      the cookie's name
 * @param path            the cookie's Path attribute, or null for the path of the route that answers (ingress-nginx's
 *                        location path, {@link RequestPolicy#cookiePath()}), {@code /} where the route names none
 * @param maxAge          the cookie's Max-Age, or null for a session cookie
 * @param secure          whether the cookie carries Secure
 * @param sameSite        the SameSite attribute ({@code Lax}, {@code Strict}, {@code None}) or null
 * @param changeOnFailure whether a request whose endpoint is unavailable may move to another one and get
 *                        a new cookie (otherwise it still moves, since the endpoint cannot serve it, but
 *                        keeps its cookie so it returns once the endpoint is back)
 * @param expires         how far in the future the cookie's Expires attribute lies when it is set, or null for none
 *                        (for browsers older than Max-Age)
 * @param conditionalSameSiteNone whether {@code SameSite=None} is left out for browsers known to reject a cookie with it
 * @param indirect        HAProxy's {@code insert indirect nocache}: the cookie is the proxy's alone, so it is taken out
 *                        of the requests sent upstream, and an answer that sets it is marked {@code Cache-Control: private}
 *                        so that a shared cache does not hand one endpoint's cookie to every client
 * @param domain          the cookie's Domain attribute, or null for none (the cookie then goes back to the host only)
 */
public record SessionAffinity(String cookieName, String path, Duration maxAge, boolean secure, String sameSite,
                              boolean changeOnFailure, Duration expires, boolean conditionalSameSiteNone, boolean indirect,
                              String domain) {

    /** Without a Domain attribute. */
    public SessionAffinity(String cookieName, String path, Duration maxAge, boolean secure, String sameSite, boolean changeOnFailure,
                           Duration expires, boolean conditionalSameSiteNone, boolean indirect) {
        this(cookieName, path, maxAge, secure, sameSite, changeOnFailure, expires, conditionalSameSiteNone, indirect, null);
    }

    /** A cookie the upstream sees too, as ingress-nginx's, without a Domain attribute. */
    public SessionAffinity(String cookieName, String path, Duration maxAge, boolean secure, String sameSite, boolean changeOnFailure,
                           Duration expires, boolean conditionalSameSiteNone) {
        this(cookieName, path, maxAge, secure, sameSite, changeOnFailure, expires, conditionalSameSiteNone, false);
    }

    /** SameSite sent to every browser. */
    public SessionAffinity(String cookieName, String path, Duration maxAge, boolean secure, String sameSite, boolean changeOnFailure,
                           Duration expires) {
        this(cookieName, path, maxAge, secure, sameSite, changeOnFailure, expires, false);
    }

    /** Without an Expires attribute. */
    public SessionAffinity(String cookieName, String path, Duration maxAge, boolean secure, String sameSite, boolean changeOnFailure) {
        this(cookieName, path, maxAge, secure, sameSite, changeOnFailure, null);
    }

    public SessionAffinity {
        if (cookieName == null || cookieName.isEmpty()) {
            throw new IllegalArgumentException("cookie affinity needs a cookie name");
        }
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("cookie path \"" + path + "\" must start with \"/\"");
        }
        if (domain != null && !domain.matches("\\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("cookie domain \"" + domain + "\" is not a host name");
        }
        if (sameSite != null && !sameSite.equals("Lax") && !sameSite.equals("Strict") && !sameSite.equals("None")) {
            throw new IllegalArgumentException("cookie SameSite \"" + sameSite + "\" is not Lax, Strict or None");
        }
        if ((maxAge != null && maxAge.isNegative()) || (expires != null && expires.isNegative())) {
            throw new IllegalArgumentException("cookie lifetimes " + maxAge + " and " + expires + " must not be negative");
        }
    }

    /** ingress-nginx's defaults: a session cookie on the answering route's path. */
    public static SessionAffinity cookie(String name) {
        return new SessionAffinity(name, null, null, false, null, false);
    }

    /** marathon-lb's sticky cookie: HAProxy's {@code cookie NAME insert indirect nocache} on {@code /}, a session cookie. */
    public static SessionAffinity insertIndirect(String name) {
        return new SessionAffinity(name, "/", null, false, null, false, null, false, true);
    }
}
