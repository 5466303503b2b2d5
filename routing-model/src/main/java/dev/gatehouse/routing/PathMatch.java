package dev.gatehouse.routing;

/**
 * The path half of a route's match.
 *
 * <p>A prefix is kept without its trailing slash, because the Ingress specification ignores it:
 * {@code /aaa/bbb/} and {@code /aaa/bbb} match the same requests, and are the same rule for conflict
 * detection. The root prefix {@code /} matches every path.
 *
 * @param type  exact, prefix or begins
 * @param value the path, starting with {@code /}; for a prefix, without trailing slash unless it is {@code /}
 */
public record PathMatch(PathType type, String value) {

    public PathMatch {
        if (type == null || value == null || !value.startsWith("/")) {
            throw new IllegalArgumentException("path \"" + value + "\" must start with \"/\"");
        }
        if (type == PathType.PREFIX && value.length() > 1 && value.endsWith("/")) {
            throw new IllegalArgumentException(
                    "prefix \"" + value + "\" must be given without its trailing slash; use PathMatch.prefix to normalize");
        }
    }

    /** An exact match on {@code path}. */
    public static PathMatch exact(String path) {
        return new PathMatch(PathType.EXACT, path);
    }

    /** A prefix match on {@code path}, trailing slashes removed (the root stays {@code /}). */
    public static PathMatch prefix(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return new PathMatch(PathType.PREFIX, path.substring(0, end));
    }

    /** A match of every path that begins with {@code path}, character by character (HAProxy's {@code path_beg}). */
    public static PathMatch begins(String path) {
        return new PathMatch(PathType.BEGINS, path);
    }

    /** Whether the request path (already cut at {@code ?}) matches. */
    public boolean matches(String path) {
        int length = value.length();
        if (type == PathType.EXACT) {
            return path.equals(value);
        }
        if (type == PathType.BEGINS) {
            return path.startsWith(value);
        }
        if (length == 1) {
            return true;
        }
        return path.startsWith(value) && (path.length() == length || path.charAt(length) == '/');
    }

    /**
     * How much of a request path this match covers, for "the longest matching path wins". The root prefix
     * counts as one character, like an exact {@code /}, so an exact {@code /} still beats it.
     */
    int matchedLength() {
        return value.length();
    }

    @Override
    public String toString() {
        return switch (type) {
            case EXACT -> "Exact ";
            case PREFIX -> "Prefix ";
            case BEGINS -> "Begins ";
        } + value;
    }
}
