package dev.gatehouse.routing;

/**
 * marathon-lb's reverse-proxy path: a {@code Location} response header that is a path ({@code /x}) or an
 * absolute URL on {@code host} ({@code http://HOST/x}, {@code https://HOST:8080/x}) goes back to the client
 * as {@code prefix} followed by that path ({@code PREFIX/x}); a Location on another host is left alone.
 *
 * @param host   the upstream-facing host name whose absolute URLs are rewritten, lower case
 * @param prefix what replaces the scheme and host, a path starting with {@code /} and without trailing slash
 *               unless it is {@code /} (then the path is kept as it is)
 */
public record LocationRewrite(String host, String prefix) {

    public LocationRewrite {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a location rewrite needs the host whose URLs it rewrites");
        }
        if (prefix == null || !prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/"))) {
            throw new IllegalArgumentException("location prefix \"" + prefix + "\" must start with \"/\" and not end with one");
        }
    }
}
