package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.http.ClientInfo;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Starts the span of a forwarded request. The exchange knows tracing only through this and {@link TraceSpan}, so it does
 * not depend on OpenTelemetry.
 */
public interface RequestTracer extends AutoCloseable {

    /** Traces nothing: the client's trace headers go upstream as they came. */
    RequestTracer OFF = new RequestTracer() {
        @Override
        public TraceSpan start(HttpRequest request, String protocolVersion, ClientInfo client, boolean trustIncoming) {
            return TraceSpan.NONE;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Starts the span of {@code request}, as the client sent it.
     *
     * @param protocolVersion {@code 1.0}, {@code 1.1} or {@code 2}
     * @param trustIncoming   whether the client's {@code traceparent} is continued, rather than a new trace started
     */
    TraceSpan start(HttpRequest request, String protocolVersion, ClientInfo client, boolean trustIncoming);

    /** Exports what is queued, waiting a bounded time, and stops. */
    @Override
    void close();
}
