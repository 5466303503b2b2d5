package dev.gatehouse.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The path half of a route's match.
 *
 * <p>A prefix is kept without its trailing slash, because the Ingress specification ignores it:
 * {@code /aaa/bbb/} and {@code /aaa/bbb} match the same requests, and are the same rule for conflict
 * detection. The root prefix {@code /} matches every path.
 *
 * <p>A regular expression is compiled once, here, with RE2's syntax (matching takes time linear in the path,
 * whatever the expression); two regex matches are the same rule when their expressions are the same text.
 *
 * @param type  exact, prefix, begins (either case) or regex
 * @param value the path, starting with {@code /}; for a prefix, without trailing slash unless it is {@code /}; for a
 *              regex, the expression as written
 * @param regex the compiled expression of a regex match (case-insensitive), null for the other types
 */
public record PathMatch(PathType type, String value, Pattern regex) {

    public PathMatch {
        if (type == null || value == null || !value.startsWith("/")) {
            throw new IllegalArgumentException("path \"" + value + "\" must start with \"/\"");
        }
        if (type == PathType.PREFIX && value.length() > 1 && value.endsWith("/")) {
            throw new IllegalArgumentException(
                    "prefix \"" + value + "\" must be given without its trailing slash; use PathMatch.prefix to normalize");
        }
        if ((type == PathType.REGEX) != (regex != null)
                || (regex != null && (!regex.pattern().equals(value) || regex.flags() != Pattern.CASE_INSENSITIVE))) {
            throw new IllegalArgumentException("path \"" + value + "\" of type " + type
                    + " needs its compiled expression exactly when it is a regex; use PathMatch.regex to compile it");
        }
    }

    /** A match of {@code type} on {@code value}; a regex is compiled (see {@link #regex(String)}). */
    public PathMatch(PathType type, String value) {
        this(type, value, type == PathType.REGEX ? compile(value) : null);
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

    /** As {@link #begins(String)}, ignoring the case of ASCII letters (HAProxy's {@code path_beg -i}). */
    public static PathMatch beginsIgnoringCase(String path) {
        return new PathMatch(PathType.BEGINS_IGNORE_CASE, path);
    }

    /**
     * A match of every path that {@code expression} matches from its start, case-insensitively.
     *
     * @throws IllegalArgumentException when it does not start with {@code /} or is not an RE2 expression; the message
     *                                  says what is wrong, e.g. {@code missing closing ): `/a(`}
     */
    public static PathMatch regex(String expression) {
        return new PathMatch(PathType.REGEX, expression);
    }

    private static Pattern compile(String expression) {
        if (expression == null || !expression.startsWith("/")) {
            throw new IllegalArgumentException("path \"" + expression + "\" must start with \"/\"");
        }
        try {
            return Pattern.compile(expression, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException invalid) {
            // RE2/J quotes the expression with the case flag it was compiled with
            String quoted = invalid.getPattern().startsWith("(?i)") ? invalid.getPattern().substring(4) : invalid.getPattern();
            throw new IllegalArgumentException(invalid.getDescription() + ": `" + quoted + "`", invalid);
        }
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
        if (type == PathType.BEGINS_IGNORE_CASE) {
            return beginsIgnoringAsciiCase(path);
        }
        if (type == PathType.REGEX) {
            return regex.matcher(path).lookingAt();
        }
        if (length == 1) {
            return true;
        }
        return path.startsWith(value) && (path.length() == length || path.charAt(length) == '/');
    }

    /** HAProxy's {@code -i} folds ASCII letters only; Java's own case folding would also fold other scripts. */
    private boolean beginsIgnoringAsciiCase(String path) {
        if (path.length() < value.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char a = path.charAt(i);
            char b = value.charAt(i);
            if (a != b && (lowerAscii(a) != lowerAscii(b))) {
                return false;
            }
        }
        return true;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /**
     * How much of a request path this match covers, for "the longest matching path wins". The root prefix
     * counts as one character, like an exact {@code /}, so an exact {@code /} still beats it. A regex counts
     * the length of its expression, as ingress-nginx orders its regex locations.
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
            case BEGINS_IGNORE_CASE -> "Begins -i ";
            case REGEX -> "Regex ";
        } + value;
    }
}
