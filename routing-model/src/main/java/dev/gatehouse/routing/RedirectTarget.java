package dev.gatehouse.routing;

/**
 * Where a redirect built part by part sends the client, as Gateway API's RequestRedirect filter says it: each part left
 * unset comes from the request. The Location never carries the default port of its scheme (80 for http, 443 for
 * https).
 *
 * @param scheme {@code http} or {@code https}, or null for the request's
 * @param host   the lower-case host name, or null for the request's (its Host header without the port)
 * @param port   the port, or 0 for none (the scheme's default)
 * @param path   how the request's path changes (a prefix replaced, or a regex rewrite of the whole path), or null for the
 *               path as it is; the query is kept either way
 */
public record RedirectTarget(String scheme, String host, int port, PathRewrite path) {

    public RedirectTarget {
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("redirect scheme \"" + scheme + "\" is not http or https");
        }
        if (host != null && !host.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("redirect host \"" + host + "\" must be a lower-case host name");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("redirect port " + port + " is out of range (expected 1-65535, or 0 for none)");
        }
    }
}
