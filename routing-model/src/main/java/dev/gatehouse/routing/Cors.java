package dev.gatehouse.routing;

import java.time.Duration;
import java.util.List;

/**
 * Cross-origin resource sharing, as ingress-nginx's {@code enable-cors} with its {@code cors-*} keys: preflight
 * requests are answered at the edge, and responses carry the CORS headers.
 *
 * @param allowOrigins     allowed origins: {@code *}, exact origins ({@code https://app.example.com}) or single-level
 *                         wildcards ({@code https://*.example.com})
 * @param allowMethods     the Access-Control-Allow-Methods value
 * @param allowHeaders     the Access-Control-Allow-Headers value
 * @param exposeHeaders    the Access-Control-Expose-Headers value, or empty for none
 * @param allowCredentials whether Access-Control-Allow-Credentials: true is sent
 * @param maxAge           how long a preflight answer may be cached
 */
public record Cors(List<String> allowOrigins, String allowMethods, String allowHeaders, String exposeHeaders,
                   boolean allowCredentials, Duration maxAge) {

    public Cors {
        allowOrigins = List.copyOf(allowOrigins);
        if (allowOrigins.isEmpty()) {
            throw new IllegalArgumentException("CORS needs at least one allowed origin (or *)");
        }
    }
}
