package dev.gatehouse.routing;

import java.time.Duration;
import java.util.List;

/**
 * The proxy settings a snapshot carries, so that they change while the proxy runs: the command line's values with the
 * global ConfigMap's over them (ingress-nginx's {@code keep-alive}, {@code client-header-timeout},
 * {@code use-proxy-protocol}, {@code use-forwarded-headers} / {@code proxy-real-ip-cidr}, {@code upstream-keepalive-*},
 * the tracing and the compression keys).
 * Every value is concrete: the translator resolves them when it builds the snapshot, so the proxy never looks up a
 * default for them. New connections and new requests see a change; open connections keep the values they started
 * with, so nothing is dropped.
 *
 * @param keepAliveTimeout             how long an idle client connection is kept open
 * @param clientHeaderTimeout          how long a client may take to send a request's headers
 * @param proxyProtocol                whether connections start with a PROXY protocol header
 * @param trustedProxies               addresses and CIDR ranges whose X-Forwarded-* headers are believed
 * @param upstreamKeepaliveConnections idle upstream connections kept per event loop and endpoint (0 keeps none idle)
 * @param upstreamKeepaliveTimeout     how long an idle upstream connection is kept
 * @param upstreamKeepaliveRequests    requests an upstream connection serves before it is closed
 * @param tracing                      how requests are traced that no route's filters say how to trace (redirects, direct
 *                                     responses, ACME answers, TCP connections); each route's own {@link Tracing} starts
 *                                     from the same (ingress-nginx's global {@code enable-opentelemetry} and
 *                                     {@code opentelemetry-trust-incoming-span})
 * @param traceSampleRatio             the share of new traces sampled, 0 to 1 ({@code otel-sampler-ratio})
 * @param compression                  how answers are compressed ({@code use-gzip}, {@code enable-brotli} and their keys);
 *                                     a client connection opened while nothing is compressed never compresses
 * @param clientBodyTimeout            how long a client may send nothing of a request body while the proxy reads it
 *                                     ({@code client-body-timeout}: between two reads, not for the whole body)
 */
public record ProxyTuning(Duration keepAliveTimeout, Duration clientHeaderTimeout, boolean proxyProtocol, List<String> trustedProxies,
                          int upstreamKeepaliveConnections, Duration upstreamKeepaliveTimeout, int upstreamKeepaliveRequests,
                          Tracing tracing, double traceSampleRatio, Compression compression, Duration clientBodyTimeout) {

    /** The built-in values, as an ingress-nginx user expects them; the proxy's settings start from the same. */
    public static final ProxyTuning DEFAULTS = new ProxyTuning(Duration.ofSeconds(75), Duration.ofSeconds(60), false, List.of(),
            320, Duration.ofSeconds(60), 10_000, Tracing.DEFAULT, 0.01, Compression.OFF, Duration.ofSeconds(60));

    /** @throws IllegalArgumentException when a value is missing or out of range, naming it */
    public ProxyTuning {
        requirePositive("keep-alive timeout", keepAliveTimeout);
        requirePositive("client header timeout", clientHeaderTimeout);
        requirePositive("client body timeout", clientBodyTimeout);
        requirePositive("upstream keep-alive timeout", upstreamKeepaliveTimeout);
        if (trustedProxies == null) {
            throw new IllegalArgumentException("trusted proxies must be a list (empty for none)");
        }
        trustedProxies = List.copyOf(trustedProxies);
        if (upstreamKeepaliveConnections < 0) {
            throw new IllegalArgumentException("upstream keep-alive connections " + upstreamKeepaliveConnections + " must be at least 0");
        }
        if (upstreamKeepaliveRequests < 1) {
            throw new IllegalArgumentException("upstream keep-alive requests " + upstreamKeepaliveRequests + " must be at least 1");
        }
        if (tracing == null) {
            throw new IllegalArgumentException("tracing must be set (Tracing.DEFAULT for ingress-nginx's defaults)");
        }
        if (!(traceSampleRatio >= 0 && traceSampleRatio <= 1)) {
            throw new IllegalArgumentException("trace sample ratio " + traceSampleRatio + " must be between 0 and 1");
        }
        if (compression == null) {
            throw new IllegalArgumentException("compression must be set (Compression.OFF for none)");
        }
    }

    /** These settings without compression, with ingress-nginx's client body timeout. */
    public ProxyTuning(Duration keepAliveTimeout, Duration clientHeaderTimeout, boolean proxyProtocol, List<String> trustedProxies,
                       int upstreamKeepaliveConnections, Duration upstreamKeepaliveTimeout, int upstreamKeepaliveRequests,
                       Tracing tracing, double traceSampleRatio) {
        this(keepAliveTimeout, clientHeaderTimeout, proxyProtocol, trustedProxies, upstreamKeepaliveConnections,
                upstreamKeepaliveTimeout, upstreamKeepaliveRequests, tracing, traceSampleRatio, Compression.OFF,
                DEFAULTS.clientBodyTimeout);
    }

    private static void requirePositive(String what, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " " + duration + " must be a positive duration");
        }
    }

    public ProxyTuning withTrustedProxies(List<String> value) {
        return new ProxyTuning(keepAliveTimeout, clientHeaderTimeout, proxyProtocol, value, upstreamKeepaliveConnections,
                upstreamKeepaliveTimeout, upstreamKeepaliveRequests, tracing, traceSampleRatio, compression,
                clientBodyTimeout);
    }

    public ProxyTuning withProxyProtocol(boolean value) {
        return new ProxyTuning(keepAliveTimeout, clientHeaderTimeout, value, trustedProxies, upstreamKeepaliveConnections,
                upstreamKeepaliveTimeout, upstreamKeepaliveRequests, tracing, traceSampleRatio, compression,
                clientBodyTimeout);
    }

    public ProxyTuning withUpstreamKeepalive(int connections, int requests) {
        return new ProxyTuning(keepAliveTimeout, clientHeaderTimeout, proxyProtocol, trustedProxies, connections,
                upstreamKeepaliveTimeout, requests, tracing, traceSampleRatio, compression,
                clientBodyTimeout);
    }

    public ProxyTuning withTracing(Tracing value, double sampleRatio) {
        return new ProxyTuning(keepAliveTimeout, clientHeaderTimeout, proxyProtocol, trustedProxies, upstreamKeepaliveConnections,
                upstreamKeepaliveTimeout, upstreamKeepaliveRequests, value, sampleRatio, compression,
                clientBodyTimeout);
    }

    public ProxyTuning withCompression(Compression value) {
        return new ProxyTuning(keepAliveTimeout, clientHeaderTimeout, proxyProtocol, trustedProxies, upstreamKeepaliveConnections,
                upstreamKeepaliveTimeout, upstreamKeepaliveRequests, tracing, traceSampleRatio, value,
                clientBodyTimeout);
    }
}
