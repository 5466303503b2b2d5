package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.http.ClientInfo;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Starts the span of a request (forwarded, or answered by the proxy itself) or of a TCP listener's connection. The exchange
 * knows tracing only through this and {@link TraceSpan}, so it does not depend on OpenTelemetry.
 */
public interface RequestTracer extends AutoCloseable {

    /** Traces nothing: the client's trace headers go upstream as they came. */
    RequestTracer OFF = new RequestTracer() {
        @Override
        public TraceSpan start(HttpRequest request, String protocolVersion, ClientInfo client, boolean trustIncoming,
                               double sampleRatio) {
            return TraceSpan.NONE;
        }

        @Override
        public ConnectionSpan connection(String listener, String client, int port, double sampleRatio) {
            return ConnectionSpan.NONE;
        }

        @Override
        public void close() {
        }
    };

    /** {@link #start(HttpRequest, String, ClientInfo, boolean, double)} at the ratio the tracer started with. */
    default TraceSpan start(HttpRequest request, String protocolVersion, ClientInfo client, boolean trustIncoming) {
        return start(request, protocolVersion, client, trustIncoming, Double.NaN);
    }

    /**
     * Starts the span of {@code request}, as the client sent it.
     *
     * @param protocolVersion {@code 1.0}, {@code 1.1} or {@code 2}
     * @param trustIncoming   whether the client's {@code traceparent} is continued, rather than a new trace started
     * @param sampleRatio     the share of new traces sampled (the snapshot's, which may change while the proxy runs), or NaN
     *                        for the ratio the tracer started with
     */
    TraceSpan start(HttpRequest request, String protocolVersion, ClientInfo client, boolean trustIncoming, double sampleRatio);

    /**
     * Starts the span of a TCP listener's connection, always a new trace (a byte stream carries no trace context).
     *
     * @param listener the listener's name
     * @param client   the client's address, as the PROXY protocol or the socket names it
     * @param port     the listener's port
     */
    ConnectionSpan connection(String listener, String client, int port, double sampleRatio);

    /** Exports what is queued, waiting a bounded time, and stops. */
    @Override
    void close();
}
