package dev.gatehouse.proxy.observe;

/**
 * One request as the access log tells it. Built on the event loop when the response is complete; written
 * by the access log's own thread.
 *
 * @param startMillis   when the request arrived, in milliseconds since the epoch
 * @param requestId     the X-Request-ID sent upstream
 * @param client        the client's address
 * @param method        the request method
 * @param uri           the request target as the client sent it
 * @param protocol      HTTP/1.0, HTTP/1.1 or HTTP/2
 * @param host          the Host the client asked for, or null
 * @param virtualHost   the virtual host that matched ({@code *} for host-less rules and the fallback)
 * @param route         the route's name
 * @param upstream      the endpoint that answered, or null for a local answer
 * @param status        the status sent to the client
 * @param bytesSent     response body bytes sent
 * @param bytesReceived request body bytes received
 * @param durationNanos from the request head to the end of the response
 * @param userAgent     the User-Agent header, or null
 * @param referer       the Referer header, or null
 * @param traceId       the W3C trace ID of the request's span, or null when it is not traced
 */
public record AccessLogRecord(long startMillis, String requestId, String client, String method, String uri, String protocol,
                       String host, String virtualHost, String route, String upstream, int status, long bytesSent,
                       long bytesReceived, long durationNanos, String userAgent, String referer, String traceId) {

    /** A record of a request that is not traced. */
    public AccessLogRecord(long startMillis, String requestId, String client, String method, String uri, String protocol,
                           String host, String virtualHost, String route, String upstream, int status, long bytesSent,
                           long bytesReceived, long durationNanos, String userAgent, String referer) {
        this(startMillis, requestId, client, method, uri, protocol, host, virtualHost, route, upstream, status, bytesSent,
                bytesReceived, durationNanos, userAgent, referer, null);
    }
}
