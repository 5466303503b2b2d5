package dev.gatehouse.proxy.observe;

import io.netty.handler.codec.http.HttpHeaders;

/** The span of one forwarded request, from the client's request head to the end of the answer. */
public interface TraceSpan {

    /** No span: nothing injected, nothing exported. */
    TraceSpan NONE = new TraceSpan() {
        @Override
        public void inject(HttpHeaders headers) {
        }

        @Override
        public String traceId() {
            return null;
        }

        @Override
        public void end(Outcome outcome) {
        }
    };

    /** Sets {@code traceparent} (and {@code tracestate}) on the request for the upstream, replacing the client's. */
    void inject(HttpHeaders headers);

    /** The W3C trace ID, or null when there is no span. */
    String traceId();

    /** Ends the span; it goes to the export queue, or is dropped and counted when the queue is full. */
    void end(Outcome outcome);

    /**
     * How the request ended, as the span's attributes tell it.
     *
     * @param upstream the endpoint of the last attempt, or null
     */
    record Outcome(int status, String virtualHost, String route, String cluster, String upstream, long bytesSent,
                   long bytesReceived) {
    }
}
