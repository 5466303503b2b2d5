package dev.gatehouse.dns.source;

import java.util.Locale;

/**
 * The part of a route's hostname a listener serves, as the Gateway API defines it: a wildcard {@code *.example.com}
 * covers any name ending in {@code .example.com}, and where one of the two covers the other, the narrower is served.
 */
final class ListenerHostnames {

    private ListenerHostnames() {
    }

    /**
     * @param listener the listener's hostname, or null for any
     * @param route    one hostname of the route
     * @return the name served, or null when the two do not intersect
     */
    static String intersect(String listener, String route) {
        String name = route.toLowerCase(Locale.ROOT);
        if (listener == null || listener.isBlank()) {
            return name;
        }
        String pattern = listener.toLowerCase(Locale.ROOT);
        if (pattern.equals(name) || covers(pattern, name)) {
            return name;
        }
        return covers(name, pattern) ? pattern : null;
    }

    /** Whether wildcard {@code pattern} covers every name {@code name} stands for (itself a wildcard or not). */
    private static boolean covers(String pattern, String name) {
        if (!pattern.startsWith("*.")) {
            return false;
        }
        String suffix = pattern.substring(1);
        return name.endsWith(suffix) && name.length() > suffix.length() && !name.equals("*" + suffix);
    }
}
