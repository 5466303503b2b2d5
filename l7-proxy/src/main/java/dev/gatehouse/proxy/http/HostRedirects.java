package dev.gatehouse.proxy.http;

import dev.gatehouse.routing.RedirectTarget;
import dev.gatehouse.routing.RouteAction;
import java.util.Locale;

/**
 * Where a {@link RouteAction.Redirect} sends the client: its fixed location (a path made absolute with the request's
 * scheme, host and port when the redirect asks), or, for a redirect to another host ({@code from-to-www-redirect}),
 * that host with the request's scheme, port and target; for a {@link RedirectTarget}, each of its parts instead of the
 * request's, without the scheme's default port. Only a host name (or bracketed address) and a port of digits
 * are taken from the client's Host header, so the header cannot smuggle a user part or another host into the Location.
 */
public final class HostRedirects {

    private HostRedirects() {
    }

    /**
     * @param scheme    the scheme the request came in with
     * @param authority the Host header (or the authority of an absolute target), or null
     * @param target    the request target in origin form
     */
    public static String location(RouteAction.Redirect redirect, CharSequence scheme, String authority, String target) {
        if (redirect.target() != null) {
            return toTarget(redirect.target(), scheme, authority, target);
        }
        if (redirect.host() == null) {
            String host = redirect.absolute() && redirect.location().startsWith("/") ? hostOf(authority) : null;
            return host == null ? redirect.location() : scheme + "://" + host + port(authority) + redirect.location();
        }
        return scheme + "://" + redirect.host() + port(authority) + (target.startsWith("/") ? target : "/");
    }

    private static String toTarget(RedirectTarget parts, CharSequence scheme, String authority, String target) {
        String origin = target.startsWith("/") ? target : "/";
        String path = parts.path() == null ? origin : Rewrites.path(parts.path(), origin);
        String host = parts.host() != null ? parts.host() : hostOf(authority);
        if (host == null) {
            // a request without a readable Host (HTTP/1.0) gets a Location its client resolves against what it asked
            return path;
        }
        String toScheme = parts.scheme() != null ? parts.scheme() : scheme.toString();
        int defaultPort = toScheme.equals("https") ? 443 : 80;
        return toScheme + "://" + host + (parts.port() == 0 || parts.port() == defaultPort ? "" : ":" + parts.port()) + path;
    }

    /** The lower-case host of the authority when it is a host name or a bracketed address, else null. */
    private static String hostOf(String authority) {
        if (authority == null) {
            return null;
        }
        int end = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
        String host = end <= 0 ? authority : authority.substring(0, end);
        boolean readable = host.startsWith("[") ? host.matches("\\[[0-9A-Fa-f:.]+]")
                : host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9.])?");
        return readable ? host.toLowerCase(Locale.ROOT) : null;
    }

    /** {@code :N} when the authority ends with a port of digits, else empty. */
    private static String port(String authority) {
        if (authority == null) {
            return "";
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || colon < authority.lastIndexOf(']') || colon == authority.length() - 1 || authority.length() - colon > 6) {
            return "";
        }
        for (int i = colon + 1; i < authority.length(); i++) {
            if (authority.charAt(i) < '0' || authority.charAt(i) > '9') {
                return "";
            }
        }
        return authority.substring(colon);
    }
}
