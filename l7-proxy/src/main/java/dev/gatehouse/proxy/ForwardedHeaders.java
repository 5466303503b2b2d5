package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the upstream who the client was and how it reached the edge.
 *
 * <p>A direct peer's own {@code X-Forwarded-*} headers are replaced, never believed, so a client cannot
 * forge its address. A peer in the trusted proxies (a load balancer, a CDN) is believed: the client is
 * the right-most address of its {@code X-Forwarded-For} that is not itself a trusted proxy, the peer is
 * appended to the chain, and its {@code X-Forwarded-Proto}, {@code -Host} and {@code -Port} are kept.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");

    private ForwardedHeaders() {
    }

    /** The client's address for this request: the peer, or what a trusted peer says the client was. */
    static String client(HttpHeaders headers, String peer, Cidrs trusted) {
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        String chain = headers.get(X_FORWARDED_FOR);
        if (chain == null || chain.isBlank()) {
            return peer;
        }
        String[] hops = chain.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    /**
     * Sets the forwarded headers on a request going upstream.
     *
     * @param headers the request headers, changed in place
     * @param host    the Host the client asked for, or null
     * @param peer    the address of whoever connected to us (after the PROXY protocol)
     * @param client  the client's address, from {@link #client}
     * @param trusted whether the peer is a trusted proxy
     * @param scheme  {@code http} or {@code https}
     * @param port    the listener port, as text
     */
    static void set(HttpHeaders headers, String host, CharSequence peer, CharSequence client, boolean trusted,
                    CharSequence scheme, CharSequence port) {
        String chain = trusted ? headers.get(X_FORWARDED_FOR) : null;
        headers.set(X_FORWARDED_FOR, chain == null || chain.isBlank() ? peer : chain + ", " + peer);
        headers.set(X_REAL_IP, client);
        if (!trusted || !headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, scheme);
        }
        if (!trusted || !headers.contains(X_FORWARDED_HOST)) {
            if (host != null) {
                headers.set(X_FORWARDED_HOST, host);
            } else {
                headers.remove(X_FORWARDED_HOST);
            }
        }
        if (!trusted || !headers.contains(X_FORWARDED_PORT)) {
            headers.set(X_FORWARDED_PORT, port);
        }
    }
}
