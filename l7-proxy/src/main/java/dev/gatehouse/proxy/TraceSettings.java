package dev.gatehouse.proxy;

import dev.gatehouse.routing.Tracing;
import java.net.URI;

/**
 * Where spans go and how many requests get one.
 *
 * @param otlpEndpoint the OTLP/HTTP collector ({@code http://collector:4318}; a URL without a path gets {@code /v1/traces}),
 *                     or null to trace nothing
 * @param sampleRatio  the share of new traces sampled, 0 to 1; a trusted client's sampled or unsampled {@code traceparent}
 *                     decides for its own trace; a snapshot's {@code otel-sampler-ratio} replaces it while the proxy runs
 * @param unrouted     how requests are traced that no route's filters say how to trace (redirects, direct responses,
 *                     ACME answers, TCP connections): the snapshot's global setting
 */
public record TraceSettings(URI otlpEndpoint, double sampleRatio, Tracing unrouted) {

    /** No tracing; ingress-nginx's {@code otel-sampler-ratio} default for when it is turned on. */
    public static final TraceSettings OFF = new TraceSettings(null, 0.01);

    /** Every request traced that a route does not keep out, continuing trusted clients' traces. */
    public TraceSettings(URI otlpEndpoint, double sampleRatio) {
        this(otlpEndpoint, sampleRatio, Tracing.DEFAULT);
    }

    public TraceSettings {
        if (unrouted == null) {
            throw new IllegalArgumentException("the tracing of unrouted requests must be set");
        }
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

    /** These settings with a snapshot's global tracing and sample ratio. */
    public TraceSettings tunedBy(Tracing value, double ratio) {
        return new TraceSettings(otlpEndpoint, ratio, value);
    }

    /** Whether spans are exported at all. */
    public boolean enabled() {
        return otlpEndpoint != null;
    }
}
