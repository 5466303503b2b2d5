package dev.gatehouse.proxy;

import java.net.URI;

/**
 * Where spans go and how many requests get one.
 *
 * @param otlpEndpoint the OTLP/HTTP collector ({@code http://collector:4318}; a URL without a path gets {@code /v1/traces}),
 *                     or null to trace nothing
 * @param sampleRatio  the share of new traces sampled, 0 to 1; a trusted client's sampled or unsampled {@code traceparent}
 *                     decides for its own trace
 */
public record TraceSettings(URI otlpEndpoint, double sampleRatio) {

    /** No tracing; ingress-nginx's {@code otel-sampler-ratio} default for when it is turned on. */
    public static final TraceSettings OFF = new TraceSettings(null, 0.01);

    public TraceSettings {
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("trace sample ratio " + sampleRatio + " must be between 0 and 1");
        }
        if (otlpEndpoint != null) {
            String scheme = otlpEndpoint.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || otlpEndpoint.getHost() == null) {
                throw new IllegalArgumentException("OTLP endpoint " + otlpEndpoint + " must be an http or https URL with a host");
            }
            if (otlpEndpoint.getRawPath() == null || otlpEndpoint.getRawPath().isEmpty() || otlpEndpoint.getRawPath().equals("/")) {
                otlpEndpoint = otlpEndpoint.resolve("/v1/traces");
            }
        }
    }

    /** Whether spans are exported at all. */
    public boolean enabled() {
        return otlpEndpoint != null;
    }
}
