package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.Cors;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A CORS filter as the model's {@link Cors}, with the specification's defaults: the simple methods when none is listed,
 * no headers allowed or exposed, no credentials, a preflight cached 5 seconds. A wildcard origin's {@code *} stands for
 * any number of host labels, and preflights are answered 200, as Envoy-based implementations do.
 */
final class CorsReader {

    private static final String SIMPLE_METHODS = "GET, HEAD, POST";
    private static final int DEFAULT_MAX_AGE = 5;

    private CorsReader() {
    }

    /** @throws IllegalArgumentException when it cannot be served, saying why */
    static Cors read(String field, HTTPCORSFilter filter) {
        if (filter == null) {
            throw new IllegalArgumentException(field + ": the filter's settings are missing");
        }
        List<String> origins = listed(filter.getAllowOrigins()).stream().map(origin -> origin.toLowerCase(Locale.ROOT)).toList();
        String methods = String.join(", ", listed(filter.getAllowMethods()));
        try {
            return new Cors(origins.contains(Cors.ANY_ORIGIN) ? List.of(Cors.ANY_ORIGIN) : origins,
                    methods.isEmpty() ? SIMPLE_METHODS : methods, String.join(", ", listed(filter.getAllowHeaders())),
                    String.join(", ", listed(filter.getExposeHeaders())), Boolean.TRUE.equals(filter.getAllowCredentials()),
                    Duration.ofSeconds(filter.getMaxAge() == null ? DEFAULT_MAX_AGE : Math.max(0, filter.getMaxAge())), true, 200);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(field + ": " + invalid.getMessage(), invalid);
        }
    }

    private static List<String> listed(List<String> values) {
        return values == null ? List.of() : values;
    }
}
