package dev.gatehouse.proxy.observe;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The span of one request, from the client's request head to the end of the answer; or of a mirrored copy of one, a
 * client span whose parent is the request's.
 */
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

        @Override
        public TraceSpan mirror(HttpRequest copy, String target) {
            return NONE;
        }
    };

    /** Sets {@code traceparent} (and {@code tracestate}) on the request for the upstream, replacing the client's. */
    void inject(HttpHeaders headers);

    /** The W3C trace ID, or null when there is no span. */
    String traceId();

    /** Ends the span; it goes to the export queue, or is dropped and counted when the queue is full. */
    void end(Outcome outcome);

    /**
     * Starts the client span of a mirrored copy of this span's request, a child of this span (sampled when it is), which
     * {@link #inject} puts on the copy. The copy is fire-and-forget, so its span may end after this one.
     *
     * @param target the mirror's URL, as the route names it
     */
    TraceSpan mirror(HttpRequest copy, String target);

    /**
     * How the request ended, as the span's attributes tell it.
     *
     * @param status   the answer's status; 0 for a mirrored copy that got none
     * @param upstream the endpoint of the last attempt (for a mirrored copy, the mirror's URL), or null
     */
    record Outcome(int status, String virtualHost, String route, String cluster, String upstream, long bytesSent,
                   long bytesReceived) {
    }
}
