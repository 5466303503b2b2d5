package dev.gatehouse.proxy;

import java.time.Duration;
import java.util.List;

/**
 * Settings that may change while the proxy runs, as the global ConfigMap says (ingress-nginx's {@code keep-alive},
 * {@code client-header-timeout}, {@code use-proxy-protocol}, {@code use-forwarded-headers}, {@code upstream-keepalive-*});
 * each unset value (null)
 * keeps what the proxy started with. New connections and new requests see a change; open connections keep the
 * values they started with, so nothing is dropped.
 *
 * @param keepAliveTimeout    how long an idle client connection is kept open
 * @param clientHeaderTimeout how long a client may take to send a request's headers
 * @param proxyProtocol       whether connections start with a PROXY protocol header
 * @param trustedProxies      addresses and ranges whose X-Forwarded-* headers are believed
 * @param upstreamKeepaliveConnections idle upstream connections kept per event loop and endpoint
 * @param upstreamKeepaliveTimeout     how long an idle upstream connection is kept (new connections)
 * @param upstreamKeepaliveRequests    requests an upstream connection serves before it is closed
 */
public record ProxyTuning(Duration keepAliveTimeout, Duration clientHeaderTimeout, Boolean proxyProtocol, List<String> trustedProxies,
                          Integer upstreamKeepaliveConnections, Duration upstreamKeepaliveTimeout, Integer upstreamKeepaliveRequests) {

    /** Everything as the proxy started. */
    public static final ProxyTuning NONE = new ProxyTuning(null, null, null, null);

    /** Client-side settings only; the upstream connections as the proxy started. */
    public ProxyTuning(Duration keepAliveTimeout, Duration clientHeaderTimeout, Boolean proxyProtocol, List<String> trustedProxies) {
        this(keepAliveTimeout, clientHeaderTimeout, proxyProtocol, trustedProxies, null, null, null);
    }

    public ProxyTuning {
        trustedProxies = trustedProxies == null ? null : List.copyOf(trustedProxies);
    }

    /** {@code base} with these values where they are set; checked as any settings are. */
    public ProxySettings applyTo(ProxySettings base) {
        return new ProxySettings(base.bindAddress(), base.httpPort(), base.adminPort(), base.eventLoopThreads(), base.maxConnections(),
                base.maxInitialLineLength(), base.maxHeaderSize(), base.maxRequestBodyBytes(),
                clientHeaderTimeout != null ? clientHeaderTimeout : base.clientHeaderTimeout(),
                keepAliveTimeout != null ? keepAliveTimeout : base.keepAliveTimeout(),
                proxyProtocol != null ? proxyProtocol : base.proxyProtocol(),
                trustedProxies != null ? trustedProxies : base.trustedProxies(), base.upstreamConnectTimeout(),
                base.upstreamReadTimeout(), base.upstreamSendTimeout(),
                upstreamKeepaliveTimeout != null ? upstreamKeepaliveTimeout : base.upstreamIdleTimeout(), base.upstreamMaxConnections(),
                base.upstreamMaxAttempts(), base.outlier(), base.accessLog(), base.httpsPort(), base.defaultCertificate(),
                base.httpsRedirectPort(), base.tcpIdleTimeout(),
                upstreamKeepaliveConnections != null ? upstreamKeepaliveConnections : base.upstreamKeepaliveConnections(),
                upstreamKeepaliveRequests != null ? upstreamKeepaliveRequests : base.upstreamKeepaliveRequests(), base.http2(),
                base.admin());
    }
}
