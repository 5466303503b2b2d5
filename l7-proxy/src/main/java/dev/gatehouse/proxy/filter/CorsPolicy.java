package dev.gatehouse.proxy.filter;

import dev.gatehouse.routing.Cors;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link Cors} of one route, ready for the data plane: exact origins in a hash set, wildcard origins split into
 * the part before and after their {@code *}, header values made once. Held by {@link RouteFilters}.
 *
 * <p>With {@code *} every response says {@code Access-Control-Allow-Origin: *} and the request's origin is never echoed,
 * so a browser never sends credentials on the strength of it. With a list, an allowed origin is echoed, and every
 * response says {@code Vary: Origin}, since it depends on the origin even when it carries no CORS header.
 */
public final class CorsPolicy {

    private static final AsciiString ANY = AsciiString.cached("*");
    private static final AsciiString TRUE = AsciiString.cached("true");
    private static final AsciiString ORIGIN = AsciiString.cached("Origin");

    private final boolean anyOrigin;
    private final Set<String> exact = new HashSet<>();
    /** Wildcards as {scheme "://", ".rest-of-host[:port]"}: one host label goes between, or several. */
    private final List<String[]> wildcards = new ArrayList<>();
    private final boolean wildcardLevels;
    private final int preflightStatus;
    private final boolean credentials;
    private final AsciiString methods;
    private final AsciiString headers;
    private final AsciiString expose;
    private final AsciiString maxAge;

    private CorsPolicy(Cors cors) {
        anyOrigin = cors.anyOrigin();
        if (!anyOrigin) {
            for (String origin : cors.allowOrigins()) {
                int star = origin.indexOf("://*.");
                if (star < 0) {
                    exact.add(origin);
                } else {
                    wildcards.add(new String[] {origin.substring(0, star + 3), origin.substring(star + 4)});
                }
            }
        }
        wildcardLevels = cors.wildcardLevels();
        preflightStatus = cors.preflightStatus();
        credentials = cors.allowCredentials();
        methods = AsciiString.of(cors.allowMethods());
        headers = cors.allowHeaders().isEmpty() ? null : AsciiString.of(cors.allowHeaders());
        expose = cors.exposeHeaders().isEmpty() ? null : AsciiString.of(cors.exposeHeaders());
        maxAge = AsciiString.of(Long.toString(cors.maxAge().toSeconds()));
    }

    /** The compiled policy, or null for none. */
    static CorsPolicy compile(Cors cors) {
        return cors == null ? null : new CorsPolicy(cors);
    }

    /** Whether the request is a CORS preflight: OPTIONS with an Origin and an Access-Control-Request-Method. */
    static boolean isPreflight(HttpRequest request) {
        return HttpMethod.OPTIONS.equals(request.method()) && request.headers().contains(HttpHeaderNames.ORIGIN)
                && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** Whether {@code origin} (an Origin header, or null) may read responses of the route. */
    boolean allows(String origin) {
        if (anyOrigin) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        if (exact.contains(lower)) {
            return true;
        }
        for (String[] wildcard : wildcards) {
            int labelEnd = lower.length() - wildcard[1].length();
            if (labelEnd > wildcard[0].length() && lower.startsWith(wildcard[0]) && lower.endsWith(wildcard[1])
                    && isLabels(lower, wildcard[0].length(), labelEnd)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One DNS label (letters, digits and hyphens), or with {@code wildcardLevels} several separated by single dots: what
     * the wildcard covers.
     */
    private boolean isLabels(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean dot = c == '.' && wildcardLevels && i > from && i < to - 1 && text.charAt(i - 1) != '.';
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || dot)) {
                return false;
            }
        }
        return true;
    }

    /** The status of a preflight answer to an allowed origin. */
    int preflightStatus() {
        return preflightStatus;
    }

    /** The headers a preflight answer carries besides those of {@link #addResponse}. */
    void addPreflight(HttpHeaders target) {
        target.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
        if (headers != null) {
            target.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
        }
        target.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge);
    }

    /**
     * The CORS headers of a response to {@code origin} (an Origin header, or null): none when it is not allowed, and
     * then an upstream's own grant is removed too, since the route's list alone says which origins may read.
     */
    void addResponse(HttpHeaders target, String origin) {
        if (!anyOrigin) {
            addVaryOrigin(target);
        }
        if (!allows(origin)) {
            target.remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN);
            target.remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS);
            return;
        }
        target.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? ANY : origin);
        if (credentials) {
            target.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        if (expose != null) {
            target.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, expose);
        }
    }

    private static void addVaryOrigin(HttpHeaders target) {
        for (String vary : target.getAll(HttpHeaderNames.VARY)) {
            for (String name : vary.split(",")) {
                String trimmed = name.trim();
                if (trimmed.equalsIgnoreCase("origin") || trimmed.equals("*")) {
                    return;
                }
            }
        }
        target.add(HttpHeaderNames.VARY, ORIGIN);
    }
}
