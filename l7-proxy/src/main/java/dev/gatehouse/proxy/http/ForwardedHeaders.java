package dev.gatehouse.proxy.http;

import dev.gatehouse.proxy.net.Cidrs;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the upstream who the client was and how it reached the edge.
 *
 * <p>A direct peer's own {@code X-Forwarded-*} and {@code Forwarded} headers are replaced or removed, never
 * believed, so a client cannot forge its address. A peer in the trusted proxies (a load balancer, a CDN) is
 * believed: the client is the right-most address of its forwarded chain that is not itself a trusted proxy,
 * the peer is appended to the chain, and its {@code X-Forwarded-Proto}, {@code -Host} and {@code -Port} are
 * kept. The chain is every {@code X-Forwarded-For} line read as one list, in order (a proxy may append a line
 * rather than extend the last, and the client's forged line then comes first); without any, the {@code for}
 * parameters of every {@code Forwarded} line (RFC 7239).
 */
public final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");

    private ForwardedHeaders() {
    }

    /** The client's address for this request: the peer, or what a trusted peer says the client was. */
    public static String client(HttpHeaders headers, String peer, Cidrs trusted) {
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        List<String> hops = hops(headers);
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusted.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? peer : hops.get(0);
    }

    /** The addresses of the forwarded chain, left (the first hop) to right, without empty entries. */
    private static List<String> hops(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        List<String> lines = headers.getAll(X_FORWARDED_FOR);
        for (String line : lines) {
            for (String hop : line.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        if (lines.isEmpty()) {
            for (String line : headers.getAll(FORWARDED)) {
                for (String element : line.split(",")) {
                    String node = forNode(element);
                    if (node != null) {
                        hops.add(node);
                    }
                }
            }
        }
        return hops;
    }

    /** The address in a Forwarded element's {@code for} parameter, without quotes, brackets or port; null without one. */
    private static String forNode(String element) {
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals < 0 || !pair.substring(0, equals).trim().equalsIgnoreCase("for")) {
                continue;
            }
            String node = pair.substring(equals + 1).trim();
            if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
                node = node.substring(1, node.length() - 1);
            }
            if (node.startsWith("[")) {
                int close = node.indexOf(']');
                return close > 0 ? node.substring(1, close) : node;
            }
            int colon = node.indexOf(':');
            return colon > 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
        }
        return null;
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
    public static void set(HttpHeaders headers, String host, CharSequence peer, CharSequence client, boolean trusted,
                    CharSequence scheme, CharSequence port) {
        String chain = trusted ? String.join(", ", headers.getAll(X_FORWARDED_FOR)) : "";
        headers.set(X_FORWARDED_FOR, chain.isBlank() ? peer : chain + ", " + peer);
        if (!trusted) {
            headers.remove(FORWARDED);
        }
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
