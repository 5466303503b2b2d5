package dev.gatehouse.proxy.observe;

/**
 * One request as the access log tells it: a reused slot of an event loop's {@link LogRing}, filled on the event loop
 * with references to values the request already holds (no field is copied or formatted there) and read by the access
 * log's writer thread once published. Obtained from {@link AccessLog#claim()}; {@link #request} then {@link #publish}
 * fill it, in that order, before the same thread claims another.
 */
public final class AccessLogEntry {

    // publishes this entry in its ring
    private final Runnable publication;
    long startMillis;
    CharSequence requestId;
    CharSequence client;
    String method;
    String uri;
    String protocol;
    String host;
    String userAgent;
    String referer;
    String virtualHost;
    String route;
    Object upstream;
    int status;
    long bytesSent;
    long bytesReceived;
    long durationNanos;
    String traceId;

    AccessLogEntry(Runnable publication) {
        this.publication = publication;
    }

    /**
     * What the client asked.
     *
     * @param startMillis when the request arrived, in milliseconds since the epoch
     * @param requestId   the X-Request-ID sent upstream
     * @param client      the client's address
     * @param uri         the request target as the client sent it
     * @param protocol    HTTP/1.0, HTTP/1.1 or HTTP/2
     * @param host        the Host the client asked for, or null
     * @param userAgent   the User-Agent header, or null
     * @param referer     the Referer header, or null
     */
    public AccessLogEntry request(long startMillis, CharSequence requestId, CharSequence client, String method, String uri,
                                  String protocol, String host, String userAgent, String referer) {
        this.startMillis = startMillis;
        this.requestId = requestId;
        this.client = client;
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.host = host;
        this.userAgent = userAgent;
        this.referer = referer;
        return this;
    }

    /**
     * Lets go of what the entry refers to, once written: a slot is reused only a lap of the ring later, and the
     * request's strings it held would otherwise outlive a young collection and be copied into the old generation,
     * whose collections are the long pauses.
     */
    void clear() {
        requestId = null;
        client = null;
        method = null;
        uri = null;
        protocol = null;
        host = null;
        userAgent = null;
        referer = null;
        virtualHost = null;
        route = null;
        upstream = null;
        traceId = null;
    }

    /**
     * How it was answered; the entry goes to the writer.
     *
     * @param virtualHost   the virtual host that matched ({@code *} for host-less rules and the fallback)
     * @param route         the route's name
     * @param upstream      the endpoint that answered (its {@code toString} is logged, on the writer thread), or null
     *                      for a local answer
     * @param status        the status sent to the client
     * @param bytesSent     response body bytes sent
     * @param bytesReceived request body bytes received
     * @param durationNanos from the request head to the end of the response
     * @param traceId       the W3C trace ID of the request's span, or null when it is not traced
     */
    public void publish(String virtualHost, String route, Object upstream, int status, long bytesSent, long bytesReceived,
                        long durationNanos, String traceId) {
        this.virtualHost = virtualHost;
        this.route = route;
        this.upstream = upstream;
        this.status = status;
        this.bytesSent = bytesSent;
        this.bytesReceived = bytesReceived;
        this.durationNanos = durationNanos;
        this.traceId = traceId;
        publication.run();
    }
}
