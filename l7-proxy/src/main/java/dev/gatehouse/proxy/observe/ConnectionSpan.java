package dev.gatehouse.proxy.observe;

/** The span of one connection to a TCP listener, from its accept to its close. */
public interface ConnectionSpan {

    /** No span: nothing exported. */
    ConnectionSpan NONE = (upstream, bytesReceived, bytesSent) -> {
    };

    /**
     * Ends the span; it goes to the export queue, or is dropped and counted when the queue is full.
     *
     * @param upstream      the endpoint the connection was relayed to, or null when none could be reached (an error)
     * @param bytesReceived bytes the client sent, relayed upstream
     * @param bytesSent     bytes the upstream sent, relayed to the client
     */
    void end(String upstream, long bytesReceived, long bytesSent);
}
