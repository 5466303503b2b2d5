package dev.gatehouse.routing;

/**
 * Whether a route's requests are traced, when the proxy exports traces at all (ingress-nginx's
 * {@code enable-opentelemetry} and {@code opentelemetry-trust-incoming-span}).
 *
 * @param enabled             whether the route's requests get a span and a {@code traceparent} upstream
 * @param trustIncomingSpan   whether a client's {@code traceparent} is continued; when not, the request starts a new trace
 *                            and the upstream gets the proxy's {@code traceparent} in place of the client's
 */
public record Tracing(boolean enabled, boolean trustIncomingSpan) {

    /** Traced, continuing the client's trace: ingress-nginx's defaults once OpenTelemetry is on. */
    public static final Tracing DEFAULT = new Tracing(true, true);
}
