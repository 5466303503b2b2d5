package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the upstream who the client was and how it reached the edge. The client's own
 * {@code X-Forwarded-*} headers are replaced, never trusted, so a client cannot forge its address.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");

    private ForwardedHeaders() {
    }

    /**
     * @param headers the request headers, changed in place
     * @param host    the Host the client asked for, or null
     * @param client  the client's IP address
     * @param scheme  {@code http} or {@code https}
     * @param port    the listener port, as text
     */
    static void set(HttpHeaders headers, String host, String client, String scheme, String port) {
        headers.set(X_FORWARDED_FOR, client);
        headers.set(X_REAL_IP, client);
        headers.set(X_FORWARDED_PROTO, scheme);
        if (host != null) {
            headers.set(X_FORWARDED_HOST, host);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
        headers.set(X_FORWARDED_PORT, port);
    }
}
