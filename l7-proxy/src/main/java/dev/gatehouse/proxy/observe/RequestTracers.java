package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.TraceSettings;

/** Where the proxy gets its {@link RequestTracer}. */
public final class RequestTracers {

    private RequestTracers() {
    }

    /** The tracer {@code settings} ask for: {@link RequestTracer#OFF} without an endpoint, else one exporting over OTLP/HTTP. */
    public static RequestTracer create(TraceSettings settings, ProxyMetrics metrics) {
        return settings.enabled() ? OtlpTracer.start(settings, metrics.registry()) : RequestTracer.OFF;
    }
}
