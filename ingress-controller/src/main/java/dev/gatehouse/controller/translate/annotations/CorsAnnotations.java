package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.Cors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code enable-cors} and its {@code cors-*} keys, with ingress-nginx's defaults. A list that cannot be read falls back
 * to its default, except the origins: an unreadable origin is left out, and a list without any readable one allows no
 * origin, since falling back to {@code *} would open what the list was meant to narrow.
 */
final class CorsAnnotations {

    static final long DEFAULT_MAX_AGE = 1728000;

    // ingress-nginx takes any scheme (for app origins such as capacitor://localhost), a host and a port
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)*(:[0-9]{1,5})?");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9_-]+");

    private CorsAnnotations() {
    }

    /** The CORS of the Ingress, or null when {@code enable-cors} is not true. */
    static Cors read(AnnotationReader reader) {
        if (!reader.flag("enable-cors", false, "CORS stays off")) {
            return null;
        }
        return new Cors(origins(reader),
                list(reader, "cors-allow-methods", METHOD, false, AnnotationCatalog.CORS_METHODS,
                        "is not a list of methods (expected e.g. GET, PUT, POST); using the default " + AnnotationCatalog.CORS_METHODS),
                list(reader, "cors-allow-headers", HEADER, true, AnnotationCatalog.CORS_HEADERS,
                        "is not a list of header names (expected e.g. Content-Type, Authorization, or *); using the default "
                                + AnnotationCatalog.CORS_HEADERS),
                list(reader, "cors-expose-headers", HEADER, true, "",
                        "is not a list of header names (expected e.g. X-Request-Id, Content-Range, or *); no header is exposed"),
                reader.flag("cors-allow-credentials", true, "using the default true"),
                maxAge(reader));
    }

    private static List<String> origins(AnnotationReader reader) {
        String[] found = reader.value("cors-allow-origin");
        if (found == null) {
            return List.of(Cors.ANY_ORIGIN);
        }
        List<String> origins = new ArrayList<>();
        boolean any = false;
        for (String entry : found[1].split(",")) {
            String origin = entry.trim().toLowerCase(Locale.ROOT);
            if (origin.isEmpty()) {
                continue;
            }
            any = true;
            if (origin.equals(Cors.ANY_ORIGIN)) {
                // as ingress-nginx: * anywhere in the list allows every origin
                return List.of(Cors.ANY_ORIGIN);
            }
            Matcher matcher = ORIGIN.matcher(origin);
            if (matcher.matches() && (matcher.group(3) == null || Integer.parseInt(matcher.group(3).substring(1)) <= 65535)) {
                origins.add(origin);
            } else {
                reader.warn(found, "holds \"" + entry.trim() + "\", which is not an origin (expected * or scheme://host[:port], "
                        + "the host optionally starting with *. for one level of subdomains, e.g. https://*.example.com); "
                        + "that origin is not allowed");
            }
        }
        if (!any) {
            reader.warn(found, "holds no origin (expected * or a comma-separated list such as https://app.example.com, "
                    + "https://*.example.com); no origin is allowed until it is fixed");
        }
        return origins.stream().distinct().toList();
    }

    /** A comma-separated list of tokens, rewritten with ", " between them. */
    private static String list(AnnotationReader reader, String name, Pattern token, boolean star, String fallback, String problem) {
        String[] found = reader.value(name);
        if (found == null) {
            return fallback;
        }
        List<String> items = new ArrayList<>();
        for (String entry : found[1].split(",", -1)) {
            String item = entry.trim();
            if (!token.matcher(item).matches() && !(star && item.equals("*"))) {
                reader.warn(found, problem);
                return fallback;
            }
            items.add(item);
        }
        return String.join(", ", items);
    }

    private static Duration maxAge(AnnotationReader reader) {
        String[] found = reader.value("cors-max-age");
        if (found == null) {
            return Duration.ofSeconds(DEFAULT_MAX_AGE);
        }
        String value = found[1].trim();
        if (value.matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        reader.warn(found, "is not a number of seconds (expected an integer from 0 to 999999999, e.g. 600); using the default "
                + DEFAULT_MAX_AGE);
        return Duration.ofSeconds(DEFAULT_MAX_AGE);
    }
}
