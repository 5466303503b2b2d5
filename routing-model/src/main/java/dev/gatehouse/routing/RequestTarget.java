package dev.gatehouse.routing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Turns what a request names (the Host header and the request target) into the host and path that
 * routes are matched against. Matching uses a normalized path so that {@code /public/../admin} cannot
 * slip past a rule for {@code /admin}; the proxy still forwards the request target as the client sent it.
 */
final class RequestTarget {

    private RequestTarget() {
    }

    /**
     * The host to look up: lower case, without port, without the trailing dot of a fully qualified
     * name, and without the brackets of an IPv6 literal. Empty when the request named no host.
     */
    static String host(CharSequence authority) {
        if (authority == null) {
            return "";
        }
        String host = authority.toString();
        int end = host.length();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(1, close).toLowerCase(Locale.ROOT) : "";
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            end = colon;
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        if (end != host.length()) {
            host = host.substring(0, end);
        }
        return hasUpperCase(host) ? host.toLowerCase(Locale.ROOT) : host;
    }

    /**
     * The path of a request target in origin form, cut at {@code ?} or {@code #}, with percent-encoded
     * unreserved characters decoded, dot segments removed and repeated slashes merged. A target that is
     * not a path (such as {@code *}) is returned as it is and matches no route.
     */
    static String path(String target) {
        int end = target.length();
        boolean plain = true;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
            if (c == '%' || (c == '/' && i + 1 < target.length() && (target.charAt(i + 1) == '/' || target.charAt(i + 1) == '.'))) {
                plain = false;
            }
        }
        String path = end == target.length() ? target : target.substring(0, end);
        if (plain || !path.startsWith("/")) {
            return path;
        }
        return normalize(decodeUnreserved(path));
    }

    private static String decodeUnreserved(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    char decoded = (char) (hi * 16 + lo);
                    if (isUnreserved(decoded)) {
                        out.append(decoded);
                    } else {
                        out.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
                    }
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4, plus merging of empty segments as nginx does by default. */
    private static String normalize(String path) {
        Deque<String> segments = new ArrayDeque<>();
        int start = 1;
        boolean trailingSlash = false;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            boolean last = slash < 0;
            switch (segment) {
                case "", "." -> trailingSlash = last;
                case ".." -> {
                    segments.pollLast();
                    trailingSlash = last;
                }
                default -> {
                    segments.addLast(segment);
                    trailingSlash = false;
                }
            }
            if (last) {
                break;
            }
            trailingSlash = true;
            start = end + 1;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (String segment : segments) {
            out.append('/').append(segment);
        }
        if (trailingSlash || out.length() == 0) {
            out.append('/');
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean hasUpperCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    /**
     * The value of the first query parameter named {@code name} (compared exactly) in a request target, as sent (not
     * percent-decoded); empty for a parameter without {@code =}; null when there is none.
     */
    static String queryParameter(String target, String name) {
        int start = target.indexOf('?');
        if (start < 0) {
            return null;
        }
        int end = target.indexOf('#', start);
        end = end < 0 ? target.length() : end;
        int at = start + 1;
        while (at <= end) {
            int next = target.indexOf('&', at);
            if (next < 0 || next > end) {
                next = end;
            }
            int equals = target.indexOf('=', at);
            int nameEnd = equals < 0 || equals > next ? next : equals;
            if (nameEnd - at == name.length() && target.startsWith(name, at)) {
                return nameEnd == next ? "" : target.substring(nameEnd + 1, next);
            }
            at = next + 1;
        }
        return null;
    }
}
