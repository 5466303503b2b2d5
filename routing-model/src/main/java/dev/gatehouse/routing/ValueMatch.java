package dev.gatehouse.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One header or query parameter a route requires: present, with exactly this value or a value the expression matches
 * whole (RE2 syntax, so matching is linear in the value whatever the expression).
 *
 * @param name  the header name (lower case) or the query parameter name (as written, case-sensitive)
 * @param regex whether {@code value} is a regular expression
 * @param value the value, or the expression as written
 * @param compiled the compiled expression of a regex match, null for an exact one
 */
public record ValueMatch(String name, boolean regex, String value, Pattern compiled) {

    /** Longer than any header or parameter value a client may send: an expression past it is a mistake or an attack. */
    static final int MAX_VALUE = 4096;

    public ValueMatch {
        if (name == null || name.isEmpty() || value == null || value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("a header or query parameter match needs a name and a value of at most "
                    + MAX_VALUE + " characters (got name \"" + name + "\")");
        }
        if (regex != (compiled != null)) {
            throw new IllegalArgumentException("match of \"" + name + "\" needs its compiled expression exactly when it is a "
                    + "regex; use ValueMatch.regex to compile it");
        }
    }

    /** {@code name} with exactly {@code value}. */
    public static ValueMatch exact(String name, String value) {
        return new ValueMatch(name, false, value, null);
    }

    /** {@code name} with a value {@code expression} matches whole. */
    public static ValueMatch regex(String name, String expression) {
        if (expression == null || expression.length() > MAX_VALUE) {
            throw new IllegalArgumentException("the expression for \"" + name + "\" must be at most " + MAX_VALUE + " characters");
        }
        try {
            return new ValueMatch(name, true, expression, Pattern.compile(expression));
        } catch (PatternSyntaxException invalid) {
            throw new IllegalArgumentException("\"" + expression + "\" is not a valid RE2 regular expression for \"" + name
                    + "\": " + invalid.getDescription());
        }
    }

    /** Whether {@code actual} (null when absent) satisfies this match. */
    boolean accepts(String actual) {
        if (actual == null) {
            return false;
        }
        return regex ? compiled.matches(actual) : value.equals(actual);
    }

    // two matches of the same text are the same rule; the compiled Pattern has no value equality
    @Override
    public boolean equals(Object other) {
        return other instanceof ValueMatch that && name.equals(that.name) && regex == that.regex && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + value.hashCode()) * 2 + (regex ? 1 : 0);
    }

    @Override
    public String toString() {
        return name + (regex ? "~" : "=") + value;
    }
}
