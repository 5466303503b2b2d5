package dev.gatehouse.controller.translate.objects;

/**
 * A bound on how large a regular expression from a user becomes once compiled. RE2/J matches in linear time, but it
 * expands counted repetitions when it compiles, so a short expression that nests them ({@code ((a{1000}){1000}){1000}})
 * takes the heap of the process that compiles it: such an expression is refused before it is compiled.
 */
public final class RegexSize {

    /** Far more than any expression that names certificate subjects or header values needs. */
    public static final long MAX_COST = 10_000;
    /** Longer than any such expression, short enough to name in a message. */
    public static final int MAX_LENGTH = 1024;

    private RegexSize() {
    }

    /**
     * Whether the expression's length and its cost (each literal or class 1, a group the sum of what it holds, a
     * counted repetition its atom's cost times its largest count) are within bounds; a null or malformed expression
     * is within them here and is judged by the compiler.
     */
    public static boolean acceptable(String expression) {
        return expression != null && expression.length() <= MAX_LENGTH && cost(expression) <= MAX_COST;
    }

    static long cost(String expression) {
        long[] sums = new long[expression.length() + 2];
        int depth = 0;
        long last = 0;
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '(') {
                sums[++depth] = 0;
                last = 0;
                i++;
            } else if (c == ')' && depth > 0) {
                last = sums[depth--];
                sums[depth] = capped(sums[depth] + last);
                i++;
            } else if (c == '{' && counted(expression, i)) {
                int end = expression.indexOf('}', i);
                long count = largestCount(expression.substring(i + 1, end));
                sums[depth] = capped(sums[depth] - last + capped(last * count));
                last = capped(last * count);
                i = end + 1;
            } else {
                int next = c == '\\' ? Math.min(i + 2, expression.length()) : c == '[' ? classEnd(expression, i) : i + 1;
                last = c == '|' || c == '*' || c == '+' || c == '?' ? 0 : 1;
                sums[depth] = capped(sums[depth] + last);
                i = next;
            }
        }
        return sums[0] + (depth > 0 ? sums[depth] : 0);
    }

    private static boolean counted(String expression, int open) {
        int end = expression.indexOf('}', open);
        return end > open + 1 && expression.substring(open + 1, end).matches("[0-9]{1,9}(,[0-9]{0,9})?");
    }

    private static long largestCount(String counts) {
        int comma = counts.indexOf(',');
        if (comma < 0) {
            return Long.parseLong(counts);
        }
        String upper = counts.substring(comma + 1);
        return upper.isEmpty() ? Long.parseLong(counts.substring(0, comma)) + 1 : Long.parseLong(upper);
    }

    private static int classEnd(String expression, int open) {
        int i = open + 1;
        if (i < expression.length() && expression.charAt(i) == '^') {
            i++;
        }
        if (i < expression.length() && expression.charAt(i) == ']') {
            i++;
        }
        while (i < expression.length() && expression.charAt(i) != ']') {
            i += expression.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, expression.length());
    }

    private static long capped(long value) {
        return value < 0 || value > MAX_COST * 1000 ? MAX_COST * 1000 : value;
    }
}
