package dev.gatehouse.controller.translate.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * The hostnames a route serves on a listener: the intersection of the listener's hostname with the route's, as the
 * Gateway API defines it (a wildcard {@code *.example.com} covers any name ending in {@code .example.com}).
 */
final class Hostnames {

    private Hostnames() {
    }

    /**
     * @param listener the listener's hostname, or null for any
     * @param route    the route's hostnames, empty for any
     * @return the names served, a null element for any host; empty when they do not intersect
     */
    static List<String> intersect(String listener, List<String> route) {
        List<String> served = new ArrayList<>();
        if (route.isEmpty()) {
            served.add(listener);
            return served;
        }
        for (String name : route) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            String common = listener == null ? lower : common(listener.toLowerCase(java.util.Locale.ROOT), lower);
            if (common != null && !served.contains(common)) {
                served.add(common);
            }
        }
        return served;
    }

    private static String common(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (covers(a, b)) {
            return b;
        }
        return covers(b, a) ? a : null;
    }

    /** Whether wildcard {@code pattern} covers every name {@code name} stands for (itself a wildcard or not). */
    private static boolean covers(String pattern, String name) {
        return pattern.startsWith("*.") && name.endsWith(pattern.substring(1)) && name.length() > pattern.length() - 1
                && !name.substring(0, name.length() - pattern.length() + 1).equals("*");
    }
}
