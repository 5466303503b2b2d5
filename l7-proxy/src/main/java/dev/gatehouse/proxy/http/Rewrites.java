package dev.gatehouse.proxy.http;

import com.google.re2j.Matcher;
import dev.gatehouse.routing.LocationRewrite;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.Router;

/**
 * The two rewrites of a forwarded route: the request target on its way to the upstream, and the
 * {@code Location} of the response on its way back (see {@link PathRewrite} and {@link LocationRewrite}
 * for what each means).
 */
public final class Rewrites {

    private Rewrites() {
    }

    /**
     * The origin-form target ({@code /path?query}) sent upstream: for a prefix rewrite, the prefix replaced when the
     * path is under it, the query kept; for a regex rewrite, the template filled with the capture groups of the
     * normalized path (see {@link PathRewrite}); any other target unchanged.
     */
    public static String path(PathRewrite rewrite, String target) {
        if (rewrite.regex() != null) {
            return regex(rewrite, target);
        }
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String prefix = rewrite.prefix();
        boolean root = prefix.equals("/");
        if (!root && !(path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/'))) {
            return target;
        }
        if (root && !path.startsWith("/")) {
            return target;
        }
        String rest = root ? path : path.substring(prefix.length());
        return join(rewrite.replacement(), rest) + (query < 0 ? "" : target.substring(query));
    }

    /**
     * nginx's {@code rewrite REGEX TEMPLATE break} on its normalized {@code $uri}: groups taken from the path the route
     * matched, so dot segments or doubled slashes the client sent cannot reach the template; the client's query is
     * kept raw, appended after the template's own, or dropped when the template ends with {@code ?}.
     */
    private static String regex(PathRewrite rewrite, String target) {
        Matcher matcher = rewrite.regex().regex().matcher(Router.matchedPath(target));
        if (!matcher.lookingAt()) {
            // only a request of another route gets here, and it goes as it came
            return target;
        }
        String template = rewrite.replacement();
        boolean dropQuery = template.endsWith("?");
        String body = dropQuery ? template.substring(0, template.length() - 1) : template;
        int mark = body.indexOf('?');
        int query = target.indexOf('?');
        String clientQuery = query < 0 ? "" : target.substring(query + 1);
        StringBuilder out = new StringBuilder(template.length() + target.length());
        expand(matcher, body, 0, mark < 0 ? body.length() : mark, out);
        if (mark >= 0) {
            out.append('?');
            expand(matcher, body, mark + 1, body.length(), out);
            if (!dropQuery && !clientQuery.isEmpty()) {
                out.append('&').append(clientQuery);
            }
        } else if (!dropQuery && query >= 0) {
            out.append('?').append(clientQuery);
        }
        return out.toString();
    }

    /** {@code template} from {@code start} to {@code end} with each {@code $n} replaced by group n (nothing when unmatched). */
    private static void expand(Matcher matcher, String template, int start, int end, StringBuilder out) {
        for (int i = start; i < end; i++) {
            char c = template.charAt(i);
            if (c == '$') {
                String group = matcher.group(template.charAt(++i) - '0');
                if (group != null) {
                    out.append(group);
                }
            } else {
                out.append(c);
            }
        }
    }

    /** The replacement followed by what came after the prefix, with one slash where the two meet. */
    private static String join(String replacement, String rest) {
        if (rest.isEmpty()) {
            return replacement;
        }
        return replacement.endsWith("/") ? replacement + rest.substring(1) : replacement + rest;
    }

    /**
     * The Location sent to the client: a path, or an absolute URL on the rewrite's host (any scheme and port),
     * becomes the prefix followed by its path; anything else (another host, a relative reference) is unchanged.
     */
    public static String location(LocationRewrite rewrite, String location) {
        String path;
        if (location.startsWith("//")) {
            path = pathOnHost(rewrite.host(), location, 2);
        } else if (location.startsWith("/")) {
            path = location;
        } else {
            int colon = location.indexOf("://");
            path = colon > 0 && isScheme(location, colon) ? pathOnHost(rewrite.host(), location, colon + 3) : null;
        }
        if (path == null) {
            return location;
        }
        return rewrite.prefix().equals("/") ? path : rewrite.prefix() + path;
    }

    /** The path (with query and fragment) of a URL whose authority starts at {@code start}, if it is on {@code host}. */
    private static String pathOnHost(String host, String url, int start) {
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int portColon = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
        String hostOnly = portColon <= 0 || portColon >= authority.length() ? authority : authority.substring(0, portColon);
        if (!hostOnly.equalsIgnoreCase(host)) {
            return null;
        }
        String rest = url.substring(end);
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    private static boolean isScheme(String url, int end) {
        for (int i = 0; i < end; i++) {
            char c = url.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }
}
