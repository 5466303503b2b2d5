package dev.gatehouse.proxy.http;

/** Finds one cookie in a Cookie request header without decoding all of them. */
public final class Cookies {

    private Cookies() {
    }

    /**
     * {@code header} ({@code a=1; b=2}) without the cookies named {@code name}, or null when none is left; the others
     * are kept as written.
     */
    public static String without(String header, String name) {
        StringBuilder kept = new StringBuilder(header.length());
        for (String pair : header.split(";")) {
            String trimmed = pair.trim();
            int equals = trimmed.indexOf('=');
            String pairName = equals < 0 ? trimmed : trimmed.substring(0, equals).trim();
            if (trimmed.isEmpty() || pairName.equals(name)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append("; ");
            }
            kept.append(trimmed);
        }
        return kept.isEmpty() ? null : kept.toString();
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
