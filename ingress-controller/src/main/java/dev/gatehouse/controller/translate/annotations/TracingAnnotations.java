package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.Tracing;

/**
 * An Ingress's {@code enable-opentelemetry} and {@code opentelemetry-trust-incoming-span}. Tracing is on for every route
 * once the proxy has {@code --otlp-endpoint}, so {@code enable-opentelemetry: "false"} is what changes something: it
 * keeps the Ingress's requests out of traces (and their trace headers as the client sent them).
 * {@code opentelemetry-trust-incoming-span: "false"} starts a new trace for each request, as ingress-nginx does, rather
 * than continuing the client's. Both start from the global ConfigMap's keys of the same names.
 */
final class TracingAnnotations {

    private TracingAnnotations() {
    }

    /** @param global the global ConfigMap's setting, which an annotation overrides */
    static Tracing read(AnnotationReader reader, Tracing global) {
        boolean enabled = reader.flag("enable-opentelemetry", global.enabled(),
                global.enabled() ? "the Ingress is traced" : "the Ingress is not traced");
        boolean trusted = reader.flag("opentelemetry-trust-incoming-span", global.trustIncomingSpan(),
                global.trustIncomingSpan() ? "a client's traceparent is continued" : "each request starts a new trace");
        return new Tracing(enabled, trusted);
    }
}
