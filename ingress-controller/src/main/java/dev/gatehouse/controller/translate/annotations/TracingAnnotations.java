package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.Tracing;

/**
 * An Ingress's {@code enable-opentelemetry} and {@code opentelemetry-trust-incoming-span}. Tracing is on for every route
 * once the proxy has {@code --otlp-endpoint}, so {@code enable-opentelemetry: "false"} is what changes something: it
 * keeps the Ingress's requests out of traces (and their trace headers as the client sent them).
 * {@code opentelemetry-trust-incoming-span: "false"} starts a new trace for each request, as ingress-nginx does, rather
 * than continuing the client's.
 */
final class TracingAnnotations {

    private TracingAnnotations() {
    }

    static Tracing read(AnnotationReader reader) {
        boolean enabled = reader.flag("enable-opentelemetry", true, "the Ingress is traced");
        boolean trusted = reader.flag("opentelemetry-trust-incoming-span", true, "a client's traceparent is continued");
        return new Tracing(enabled, trusted);
    }
}
