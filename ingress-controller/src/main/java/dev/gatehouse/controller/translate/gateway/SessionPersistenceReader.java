package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.SessionAffinity;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SessionPersistence;
import java.time.Duration;

/**
 * A rule's {@code sessionPersistence} (GEP-1619) as the cookie affinity of its backends' clusters: the proxy names the
 * endpoint it chose in a cookie ({@code sessionName}, {@code gatehouse-session} when unset) and sends later requests
 * that carry it there while it is available. {@code lifetimeType: Permanent} gives the cookie a Max-Age of
 * {@code absoluteTimeout}; a Session cookie (the default) has none. The proxy keeps no session state of its own, so what
 * it cannot end is refused rather than served loosely: a Session cookie with an {@code absoluteTimeout}, and sessions
 * kept by header ({@code type: Header}).
 */
final class SessionPersistenceReader {

    static final String DEFAULT_NAME = "gatehouse-session";

    private SessionPersistenceReader() {
    }

    /** @throws IllegalArgumentException when the rule's persistence cannot be served, saying why */
    static SessionAffinity read(String field, SessionPersistence persistence) {
        String type = persistence.getType() == null ? "Cookie" : persistence.getType();
        if (type.equals("Header")) {
            throw new IllegalArgumentException(field + ".type: Header is not served (the proxy keeps sessions by cookie only)");
        }
        if (!type.equals("Cookie")) {
            throw new IllegalArgumentException(field + ".type: " + type + " is not a session persistence type (expected Cookie)");
        }
        String name = persistence.getSessionName() == null ? DEFAULT_NAME : persistence.getSessionName();
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException(field + ".sessionName: \"" + name + "\" is not a cookie name");
        }
        Duration absolute = RuleTimeouts.duration(field + ".absoluteTimeout", persistence.getAbsoluteTimeout());
        boolean permanent = persistence.getCookieConfig() != null && "Permanent".equals(persistence.getCookieConfig().getLifetimeType());
        if (permanent && absolute == null) {
            throw new IllegalArgumentException(field + ".cookieConfig.lifetimeType: a Permanent cookie needs an absoluteTimeout");
        }
        if (!permanent && absolute != null) {
            throw new IllegalArgumentException(field + ".absoluteTimeout: not served with a Session cookie (the proxy cannot end a "
                    + "session cookie's session; expected cookieConfig.lifetimeType: Permanent)");
        }
        return new SessionAffinity(name, null, absolute, false, null, false);
    }
}
