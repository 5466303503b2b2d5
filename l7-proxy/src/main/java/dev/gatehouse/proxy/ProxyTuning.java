package dev.gatehouse.proxy;

import java.time.Duration;
import java.util.List;

/**
 * Settings that may change while the proxy runs, as the global ConfigMap says (ingress-nginx's {@code keep-alive},
 * {@code client-header-timeout}, {@code use-proxy-protocol}, {@code use-forwarded-headers}); each unset value (null)
 * keeps what the proxy started with. New connections and new requests see a change; open connections keep the
 * values they started with, so nothing is dropped.
 *
 * @param keepAliveTimeout    how long an idle client connection is kept open
 * @param clientHeaderTimeout how long a client may take to send a request's headers
 * @param proxyProtocol       whether connections start with a PROXY protocol header
 * @param trustedProxies      addresses and ranges whose X-Forwarded-* headers are believed
 */
public record ProxyTuning(Duration keepAliveTimeout, Duration clientHeaderTimeout, Boolean proxyProtocol, List<String> trustedProxies) {

    /** Everything as the proxy started. */
    public static final ProxyTuning NONE = new ProxyTuning(null, null, null, null);

    public ProxyTuning {
        trustedProxies = trustedProxies == null ? null : List.copyOf(trustedProxies);
    }

    /** {@code base} with these values where they are set; checked as any settings are. */
    ProxySettings applyTo(ProxySettings base) {
        return new ProxySettings(base.bindAddress(), base.httpPort(), base.adminPort(), base.eventLoopThreads(), base.maxConnections(),
                base.maxInitialLineLength(), base.maxHeaderSize(), base.maxRequestBodyBytes(),
                clientHeaderTimeout != null ? clientHeaderTimeout : base.clientHeaderTimeout(),
                keepAliveTimeout != null ? keepAliveTimeout : base.keepAliveTimeout(),
                proxyProtocol != null ? proxyProtocol : base.proxyProtocol(),
                trustedProxies != null ? trustedProxies : base.trustedProxies(), base.upstreamConnectTimeout(),
                base.upstreamReadTimeout(), base.upstreamSendTimeout(), base.upstreamIdleTimeout(), base.upstreamMaxConnections(),
                base.upstreamMaxAttempts(), base.outlier(), base.accessLog(), base.httpsPort(), base.defaultCertificate(),
                base.httpsRedirectPort(), base.tcpIdleTimeout());
    }
}
