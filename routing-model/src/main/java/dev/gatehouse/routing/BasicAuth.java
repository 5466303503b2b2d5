package dev.gatehouse.routing;

import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP basic authentication (RFC 7617): a request without valid credentials is answered 401 with
 * {@code WWW-Authenticate: Basic realm="REALM"}; the Authorization header still goes upstream.
 *
 * @param realm the realm named in the challenge
 * @param users password hash by user name, in the forms of htpasswd and crypt(3): bcrypt ({@code $2y$},
 *              {@code $2a$}, {@code $2b$}), Apache MD5 ({@code $apr1$}), MD5-crypt ({@code $1$}), SHA-256 and
 *              SHA-512 crypt ({@code $5$}, {@code $6$}) and {@code {SHA}} (base64 of SHA-1). Empty when the users
 *              could not be read (a broken Secret): then every request is answered 503, never let through
 */
public record BasicAuth(String realm, Map<String, String> users) {

    public BasicAuth {
        if (realm == null || realm.indexOf('"') >= 0 || realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("basic auth realm \"" + realm + "\" must be printable text without '\"'");
        }
        if (users == null) {
            throw new IllegalArgumentException("basic auth needs its users (empty when they could not be read)");
        }
        users = Map.copyOf(users);
    }

    /** Access control that could not be read: every request of the route is answered 503 rather than let through. */
    public static BasicAuth unreadable(String realm) {
        return new BasicAuth(realm, Map.of());
    }

    /** Whether the users could not be read, so that nobody is let through. */
    public boolean unavailable() {
        return users.isEmpty();
    }

    @Override
    public String toString() {
        // the hashes stay out of logs and /routes
        return "BasicAuth[realm=" + realm + ", users=" + new TreeMap<>(users).keySet() + "]";
    }
}
