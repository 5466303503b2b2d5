package dev.gatehouse.proxy.http;

/**
 * Which of the codings the proxy compresses with a client's {@code Accept-Encoding} accepts (RFC 9110 section 12.5.3).
 * A coding is accepted when it is named with a weight above 0 (or none); {@code q=0} refuses it, and so does a weight
 * that is not a valid qvalue ({@code q=abc}, {@code q=2}, {@code q=0.0001}): a client that cannot say it clearly gets
 * the answer as it is. {@code *} accepts nothing here, as nginx reads it: only a coding the client names is used.
 * One pass over the value, no allocation, whatever its length.
 */
public final class AcceptEncoding {

    /** The client accepts gzip ({@code gzip} or {@code x-gzip}). */
    public static final int GZIP = 1;
    /** The client accepts brotli ({@code br}). */
    public static final int BROTLI = 2;

    private static final int NONE = 0;

    private AcceptEncoding() {
    }

    /** {@link #GZIP} and {@link #BROTLI}, or'ed, for the codings {@code value} accepts; 0 for null. */
    public static int accepted(CharSequence value) {
        if (value == null) {
            return NONE;
        }
        int accepted = NONE;
        int refused = NONE;
        int length = value.length();
        int start = 0;
        while (start <= length) {
            int end = indexOf(value, ',', start, length);
            int coding = element(value, start, end);
            if (coding > 0) {
                accepted |= coding;
            } else {
                refused |= -coding;
            }
            start = end + 1;
        }
        return accepted & ~refused;
    }

    /** The coding an element names: positive when accepted, negative when refused, 0 for any other coding. */
    private static int element(CharSequence value, int start, int end) {
        int semicolon = indexOf(value, ';', start, end);
        int coding = coding(value, skipSpace(value, start, semicolon), trimEnd(value, start, semicolon));
        if (coding == NONE) {
            return NONE;
        }
        return weightAboveZero(value, semicolon, end) ? coding : -coding;
    }

    private static int coding(CharSequence value, int from, int to) {
        if (equalsIgnoreCase(value, from, to, "gzip") || equalsIgnoreCase(value, from, to, "x-gzip")) {
            return GZIP;
        }
        return equalsIgnoreCase(value, from, to, "br") ? BROTLI : NONE;
    }

    /** Whether the parameters between {@code from} (a {@code ;} or the end) and {@code end} weigh the coding above 0. */
    private static boolean weightAboveZero(CharSequence value, int from, int end) {
        int start = from;
        while (start < end) {
            int next = indexOf(value, ';', start + 1, end);
            int name = skipSpace(value, start + 1, next);
            if (name + 1 < next && (value.charAt(name) == 'q' || value.charAt(name) == 'Q')) {
                int equals = skipSpace(value, name + 1, next);
                if (equals < next && value.charAt(equals) == '=') {
                    return qvalueAboveZero(value, skipSpace(value, equals + 1, next), trimEnd(value, equals + 1, next));
                }
            }
            start = next;
        }
        return true;
    }

    /** {@code "0" ["." 0*3DIGIT]} or {@code "1" ["." 0*3"0"]}, above 0; anything else is no weight at all. */
    private static boolean qvalueAboveZero(CharSequence value, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > 5) {
            return false;
        }
        char first = value.charAt(from);
        if (first != '0' && first != '1' || digits > 1 && value.charAt(from + 1) != '.') {
            return false;
        }
        boolean fraction = false;
        for (int i = from + 2; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9' || first == '1' && c != '0') {
                return false;
            }
            fraction |= c != '0';
        }
        return first == '1' || fraction;
    }

    private static int indexOf(CharSequence value, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }

    private static int skipSpace(CharSequence value, int from, int to) {
        int i = from;
        while (i < to && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(CharSequence value, int from, int to) {
        int i = to;
        while (i > from && (value.charAt(i - 1) == ' ' || value.charAt(i - 1) == '\t')) {
            i--;
        }
        return i;
    }

    private static boolean equalsIgnoreCase(CharSequence value, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.toLowerCase(value.charAt(from + i)) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
