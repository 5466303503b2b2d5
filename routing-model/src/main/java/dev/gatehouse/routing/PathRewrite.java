package dev.gatehouse.routing;

/**
 * How the request path changes on its way upstream, in one of two forms.
 *
 * <p>A prefix rewrite: a request path that starts with {@code prefix} (as a path prefix: at a {@code /} or the end)
 * goes upstream with that prefix replaced by {@code replacement}; the query is kept. With prefix {@code /api} and
 * replacement {@code /}, {@code /api/users?x=1} goes upstream as {@code /users?x=1} and {@code /api} as {@code /}.
 * Other paths go unchanged.
 *
 * <p>A regex rewrite, ingress-nginx's {@code rewrite-target}: the path (as routes match it, normalized) is matched by
 * the route's own expression, and the whole path is replaced by {@code replacement}, a template in which {@code $1}
 * to {@code $9} stand for the expression's capture groups (an unmatched group for nothing), as nginx's
 * {@code rewrite ... break} does. The client's query is kept, after the template's own when it has one
 * ({@code /search?v=2} then {@code &} and the client's), and dropped when the template ends with {@code ?}. With
 * expression {@code /something(/|$)(.*)} and template {@code /$2}, {@code /something/new?x=1} goes upstream as
 * {@code /new?x=1}.
 *
 * @param prefix      for a prefix rewrite, a path starting with {@code /}, without trailing slash unless it is
 *                    {@code /}; null for a regex rewrite
 * @param replacement the path put instead: for a prefix rewrite, starting with {@code /}; for a regex rewrite, the
 *                    template (see {@link #highestGroup})
 * @param regex       for a regex rewrite, the route's regex path match; null for a prefix rewrite
 */
public record PathRewrite(String prefix, String replacement, PathMatch regex) {

    public PathRewrite {
        if (regex == null) {
            if (prefix == null || !prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/"))) {
                throw new IllegalArgumentException("rewrite prefix \"" + prefix + "\" must start with \"/\" and not end with one");
            }
            if (replacement == null || !replacement.startsWith("/")) {
                throw new IllegalArgumentException("rewrite replacement \"" + replacement + "\" must start with \"/\"");
            }
        } else {
            if (prefix != null || regex.type() != PathType.REGEX) {
                throw new IllegalArgumentException("a regex rewrite needs a regex path match and no prefix");
            }
            int highest = highestGroup(replacement);
            if (highest < 0) {
                throw new IllegalArgumentException("rewrite template \"" + replacement + "\" must start with \"/\", have no spaces, "
                        + "control characters or \"#\", and use \"$\" only before a group number 1-9");
            }
            if (highest > regex.regex().groupCount()) {
                throw new IllegalArgumentException("rewrite template \"" + replacement + "\" refers to $" + highest + ", but path "
                        + regex.value() + " has " + regex.regex().groupCount() + " capture groups");
            }
        }
    }

    /** A prefix rewrite. */
    public PathRewrite(String prefix, String replacement) {
        this(prefix, replacement, null);
    }

    /** A regex rewrite of the paths {@code path} matches into {@code template}. */
    public static PathRewrite regex(PathMatch path, String template) {
        return new PathRewrite(null, template, path);
    }

    /**
     * The highest capture group {@code template} refers to (0 when none), or -1 when it is not a template: it must
     * start with {@code /}, hold no spaces, control characters or {@code #}, and use {@code $} only before one digit
     * 1-9 (nginx reads {@code $12} as group 1 followed by {@code 2}; its other variables are not read here).
     */
    public static int highestGroup(String template) {
        if (template == null || !template.startsWith("/")) {
            return -1;
        }
        int highest = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '#') {
                return -1;
            }
            if (c == '$') {
                char digit = i + 1 < template.length() ? template.charAt(i + 1) : ' ';
                if (digit < '1' || digit > '9') {
                    return -1;
                }
                highest = Math.max(highest, digit - '0');
                i++;
            }
        }
        return highest;
    }
}
