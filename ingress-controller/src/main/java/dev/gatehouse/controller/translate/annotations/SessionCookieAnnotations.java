package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.SessionAffinity;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cookie session affinity from {@code affinity: cookie} and the {@code session-cookie-*} keys, with ingress-nginx's
 * defaults: cookie {@code INGRESSCOOKIE} on the path of the route that answers (its location), a session cookie,
 * Secure on HTTPS requests, no Domain and no SameSite (with {@code session-cookie-conditional-samesite-none},
 * SameSite=None is left out for browsers known to reject it).
 *
 * <p>{@code affinity-mode} is read but both modes behave as {@code persistent}: the cookie names the endpoint, which
 * keeps the session while it exists, where ingress-nginx's {@code balanced} moves some sessions when endpoints scale.
 */
final class SessionCookieAnnotations {

    /** An RFC 9110 token: what a header or cookie name may be. */
    static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
    private static final String DEFAULT_NAME = "INGRESSCOOKIE";
    private static final Pattern DOMAIN = Pattern.compile("\\.?[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?");

    private SessionCookieAnnotations() {
    }

    /** The affinity the Ingress asks for, or null for none. */
    static SessionAffinity read(AnnotationReader reader) {
        String[] type = reader.value("affinity");
        if (type == null) {
            return null;
        }
        if (!type[1].trim().equals("cookie")) {
            reader.warn(type, "is not an affinity type (expected cookie); no session affinity");
            return null;
        }
        String[] mode = reader.value("affinity-mode");
        if (mode != null && !mode[1].trim().equals("balanced") && !mode[1].trim().equals("persistent")) {
            reader.warn(mode, "is not an affinity mode (expected balanced or persistent); using balanced");
        }
        String sameSite = sameSite(reader);
        // browsers drop a SameSite=None cookie that is not Secure
        boolean secure = reader.flag("session-cookie-secure", false) || "None".equals(sameSite);
        return new SessionAffinity(name(reader), path(reader), seconds(reader, "session-cookie-max-age", "no Max-Age"), secure,
                sameSite, reader.flag("session-cookie-change-on-failure", false),
                seconds(reader, "session-cookie-expires", "no Expires"),
                reader.flag("session-cookie-conditional-samesite-none", false), false, domain(reader));
    }

    private static String name(AnnotationReader reader) {
        String[] found = reader.value("session-cookie-name");
        if (found == null) {
            return DEFAULT_NAME;
        }
        String name = found[1].trim();
        if (!TOKEN.matcher(name).matches()) {
            reader.warn(found, "is not a cookie name (expected a token such as route, without spaces, \"=\" or \";\"); using "
                    + DEFAULT_NAME);
            return DEFAULT_NAME;
        }
        return name;
    }

    /** The explicit Path, or null for the answering route's path. */
    private static String path(AnnotationReader reader) {
        String[] found = reader.value("session-cookie-path");
        if (found == null) {
            return null;
        }
        String path = found[1].trim();
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == ';')) {
            reader.warn(found, "is not a cookie path (expected e.g. /app, starting with \"/\", without spaces or \";\"); using "
                    + "the path of the Ingress rule");
            return null;
        }
        return path;
    }

    private static String domain(AnnotationReader reader) {
        String[] found = reader.value("session-cookie-domain");
        if (found == null) {
            return null;
        }
        String domain = found[1].trim();
        if (!DOMAIN.matcher(domain).matches()) {
            reader.warn(found, "is not a cookie domain (expected a host name such as example.com); no Domain");
            return null;
        }
        return domain;
    }

    private static Duration seconds(AnnotationReader reader, String name, String fallback) {
        String[] found = reader.value(name);
        if (found == null) {
            return null;
        }
        String value = found[1].trim();
        if (!value.matches("[0-9]{1,10}")) {
            reader.warn(found, "is not a number of seconds (expected an integer of 0 or more, such as 3600); " + fallback);
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static String sameSite(AnnotationReader reader) {
        String[] found = reader.value("session-cookie-samesite");
        if (found == null) {
            return null;
        }
        String value = found[1].trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "none" -> "None";
            case "lax" -> "Lax";
            case "strict" -> "Strict";
            default -> {
                reader.warn(found, "is not a SameSite value (expected None, Lax or Strict); no SameSite");
                yield null;
            }
        };
    }
}
