package dev.gatehouse.routing;

/**
 * A request path that starts with {@code prefix} (as a path prefix: at a {@code /} or the end) goes
 * upstream with that prefix replaced by {@code replacement}; the query is kept. With prefix {@code /api}
 * and replacement {@code /}, {@code /api/users?x=1} goes upstream as {@code /users?x=1} and {@code /api}
 * as {@code /}. Other paths go unchanged.
 *
 * @param prefix      a path starting with {@code /}, without trailing slash unless it is {@code /}
 * @param replacement a path starting with {@code /}
 */
public record PathRewrite(String prefix, String replacement) {

    public PathRewrite {
        if (prefix == null || !prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/"))) {
            throw new IllegalArgumentException("rewrite prefix \"" + prefix + "\" must start with \"/\" and not end with one");
        }
        if (replacement == null || !replacement.startsWith("/")) {
            throw new IllegalArgumentException("rewrite replacement \"" + replacement + "\" must start with \"/\"");
        }
    }
}
