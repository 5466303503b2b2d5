package dev.gatehouse.routing;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cross-origin resource sharing, as ingress-nginx's {@code enable-cors} with its {@code cors-*} keys: preflight
 * requests are answered at the edge, and responses to an allowed origin carry the CORS headers.
 *
 * @param allowOrigins     allowed origins, lower-case: {@code *} alone, or exact origins ({@code https://app.example.com},
 *                         {@code http://localhost:8080}) and wildcards ({@code https://*.example.com}, one level unless
 *                         {@code wildcardLevels} says any); empty when no origin is allowed (a list that could not be read)
 * @param allowMethods     the Access-Control-Allow-Methods value, a comma-separated list of methods
 * @param allowHeaders     the Access-Control-Allow-Headers value, a comma-separated list of header names or {@code *};
 *                         empty for none (the header is left out)
 * @param exposeHeaders    the Access-Control-Expose-Headers value, or empty for none
 * @param allowCredentials whether Access-Control-Allow-Credentials: true is sent
 * @param maxAge           how long a preflight answer may be cached (Access-Control-Max-Age)
 * @param wildcardLevels   whether a wildcard origin's {@code *} stands for any number of host labels (Gateway API's CORS
 *                         filter) rather than one (ingress-nginx's)
 * @param preflightStatus  the status of a preflight answer to an allowed origin: 204 (ingress-nginx) or 200 (Gateway API
 *                         implementations, as Envoy answers)
 */
public record Cors(List<String> allowOrigins, String allowMethods, String allowHeaders, String exposeHeaders,
                   boolean allowCredentials, Duration maxAge, boolean wildcardLevels, int preflightStatus) {

    /** ingress-nginx's CORS: one level under a wildcard, preflights answered 204. */
    public Cors(List<String> allowOrigins, String allowMethods, String allowHeaders, String exposeHeaders, boolean allowCredentials,
                Duration maxAge) {
        this(allowOrigins, allowMethods, allowHeaders, exposeHeaders, allowCredentials, maxAge, false, 204);
    }

    /** Any origin. */
    public static final String ANY_ORIGIN = "*";
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)*(:[0-9]{1,5})?");
    private static final Pattern LIST = Pattern.compile("(\\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+)(, (\\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+))*");

    public Cors {
        allowOrigins = List.copyOf(allowOrigins);
        if (!allowOrigins.equals(List.of(ANY_ORIGIN))) {
            for (String origin : allowOrigins) {
                if (!ORIGIN.matcher(origin).matches()) {
                    throw new IllegalArgumentException("CORS origin \"" + origin + "\" must be * alone, or a lower-case "
                            + "scheme://host[:port] whose host may start with *.");
                }
            }
        }
        if (allowMethods == null || !LIST.matcher(allowMethods).matches()) {
            throw new IllegalArgumentException("CORS list \"" + allowMethods + "\" must be tokens separated by \", \"");
        }
        if (allowHeaders == null || !allowHeaders.isEmpty() && !LIST.matcher(allowHeaders).matches()) {
            throw new IllegalArgumentException("CORS header list \"" + allowHeaders + "\" must be empty or tokens separated by \", \"");
        }
        if (preflightStatus != 200 && preflightStatus != 204) {
            throw new IllegalArgumentException("CORS preflight status " + preflightStatus + " (expected 200 or 204)");
        }
        if (exposeHeaders == null || !exposeHeaders.isEmpty() && !LIST.matcher(exposeHeaders).matches()) {
            throw new IllegalArgumentException("CORS expose list \"" + exposeHeaders + "\" must be empty or tokens separated by \", \"");
        }
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("CORS max age " + maxAge + " must be zero or more");
        }
    }

    /** Whether every origin is allowed ({@code *}). */
    public boolean anyOrigin() {
        return allowOrigins.equals(List.of(ANY_ORIGIN));
    }
}
