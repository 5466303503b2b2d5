package dev.gatehouse.proxy.http;

/** Finds one cookie in a Cookie request header without decoding all of them. */
public final class Cookies {

    private Cookies() {
    }

    /** The value of cookie {@code name} in {@code header} ({@code a=1; b=2}), or null. */
    public static String value(String header, String name) {
        if (header == null) {
            return null;
        }
        int from = 0;
        while (from < header.length()) {
            int end = header.indexOf(';', from);
            if (end < 0) {
                end = header.length();
            }
            int start = from;
            while (start < end && header.charAt(start) == ' ') {
                start++;
            }
            int equals = header.indexOf('=', start);
            if (equals > start && equals < end && equals - start == name.length() && header.startsWith(name, start)) {
                String value = header.substring(equals + 1, end).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
            from = end + 1;
        }
        return null;
    }
}
