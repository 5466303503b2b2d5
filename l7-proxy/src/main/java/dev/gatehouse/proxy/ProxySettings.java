package dev.gatehouse.proxy;

import dev.gatehouse.proxy.net.Cidrs;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.TlsCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the proxy listens, what it accepts from clients and how it treats upstreams. Built with
 * {@link #builder()}; every value has the default an ingress-nginx user would expect. The part a snapshot may change
 * while the proxy runs is its {@link #tuning()}.
 *
 * @param bindAddress            address the listeners bind, {@code 0.0.0.0} by default
 * @param httpPort               plain HTTP listener port (0 picks a free port)
 * @param adminPort              admin port for health, readiness, metrics and routes (0 picks a free port)
 * @param eventLoopThreads       event loop threads; 0 means one per available processor
 * @param maxConnections         client connections served at once; more are closed at accept (0: no limit)
 * @param maxInitialLineLength   longest request line accepted (414 beyond)
 * @param maxHeaderSize          largest request header block accepted (431 beyond)
 * @param maxRequestBodyBytes    largest request body accepted, unless a route says otherwise (413 beyond; {@link RequestPolicy#NO_LIMIT}: none)
 * @param clientHeaderTimeout    how long a client may take to send a request's headers once it started (408)
 * @param keepAliveTimeout       how long an idle client connection is kept open
 * @param proxyProtocol          whether every connection starts with a PROXY protocol v1 or v2 header
 * @param trustedProxies         addresses and CIDR ranges whose X-Forwarded-* headers are believed
 * @param upstreamConnectTimeout how long to wait for an upstream connection (ingress-nginx: 5 s)
 * @param upstreamReadTimeout    how long an upstream may stay silent while a response is due (ingress-nginx: 60 s)
 * @param upstreamSendTimeout    how long an upstream may refuse to take more of a request (ingress-nginx: 60 s)
 * @param upstreamIdleTimeout    how long an unused pooled upstream connection is kept open
 * @param upstreamMaxConnections connections per event loop and endpoint; requests beyond wait (0: no limit)
 * @param upstreamMaxAttempts    endpoints a request may try when connecting fails (ingress-nginx: 3)
 * @param outlier                passive outlier ejection
 * @param accessLog              access log format
 * @param httpsPort              HTTPS listener port (0 picks a free port; -1, the builder's default, opens none)
 * @param defaultCertificate     the certificate for server names without one; null to generate one at start
 * @param httpsRedirectPort      the port in the Location of redirects to HTTPS (0: the HTTPS listener's; 443 is left out)
 * @param tcpIdleTimeout         how long a connection of a TCP listener may carry nothing either way before it is
 *                               closed (ingress-nginx's proxy-stream-timeout: 10 min)
 * @param upstreamKeepaliveConnections idle HTTP/1.1 connections kept per event loop and endpoint; more are closed when
 *                               given back (ingress-nginx's upstream-keepalive-connections: 320; 0 keeps none)
 * @param upstreamKeepaliveRequests requests one upstream connection serves before it is closed (ingress-nginx's
 *                               upstream-keepalive-requests: 10000)
 * @param http2                  what one HTTP/2 client connection may do before it is cut
 * @param admin                  the admin port's bind address and bearer token
 * @param tracing                where spans are exported and how many requests are sampled
 * @param requestBodyTempDir     where buffered request bodies beyond their memory buffer wait (owner-only permissions,
 *                               created when missing); null for a directory of the process's own in the JVM's temporary one
 * @param udp                    how UDP listeners relay: session idle timeout, sessions per listener, datagram size
 */
public record ProxySettings(String bindAddress, int httpPort, int adminPort, int eventLoopThreads, int maxConnections,
                            int maxInitialLineLength, int maxHeaderSize, long maxRequestBodyBytes,
                            Duration clientHeaderTimeout, Duration keepAliveTimeout, boolean proxyProtocol,
                            List<String> trustedProxies, Duration upstreamConnectTimeout, Duration upstreamReadTimeout,
                            Duration upstreamSendTimeout, Duration upstreamIdleTimeout, int upstreamMaxConnections,
                            int upstreamMaxAttempts, OutlierDetection outlier, AccessLogFormat accessLog, int httpsPort,
                            TlsCertificate defaultCertificate, int httpsRedirectPort, Duration tcpIdleTimeout,
                            int upstreamKeepaliveConnections, int upstreamKeepaliveRequests, Http2Limits http2,
                            AdminSettings admin, TraceSettings tracing, Path requestBodyTempDir, UdpSettings udp) {

    public ProxySettings {
        SettingChecks.requirePort("http port", httpPort);
        SettingChecks.requirePort("admin port", adminPort);
        if (httpsPort != -1) {
            SettingChecks.requirePort("https port", httpsPort);
        }
        SettingChecks.requirePort("https redirect port", httpsRedirectPort);
        SettingChecks.requireAtLeast("event loop threads", eventLoopThreads, 0);
        SettingChecks.requireAtLeast("max connections", maxConnections, 0);
        SettingChecks.requireAtLeast("max initial line length", maxInitialLineLength, 64);
        SettingChecks.requireAtLeast("max header size", maxHeaderSize, 256);
        if (maxRequestBodyBytes < 0 && maxRequestBodyBytes != RequestPolicy.NO_LIMIT) {
            throw new IllegalArgumentException("max request body size " + maxRequestBodyBytes + " must be NO_LIMIT (-1) or more");
        }
        SettingChecks.requirePositive("client header timeout", clientHeaderTimeout);
        SettingChecks.requirePositive("keep-alive timeout", keepAliveTimeout);
        trustedProxies = List.copyOf(trustedProxies);
        Cidrs.parse(trustedProxies);
        SettingChecks.requirePositive("upstream connect timeout", upstreamConnectTimeout);
        SettingChecks.requirePositive("upstream read timeout", upstreamReadTimeout);
        SettingChecks.requirePositive("upstream send timeout", upstreamSendTimeout);
        SettingChecks.requirePositive("upstream idle timeout", upstreamIdleTimeout);
        SettingChecks.requirePositive("TCP idle timeout", tcpIdleTimeout);
        SettingChecks.requireAtLeast("upstream max connections", upstreamMaxConnections, 0);
        SettingChecks.requireAtLeast("upstream max attempts", upstreamMaxAttempts, 1);
        SettingChecks.requireAtLeast("upstream keep-alive connections", upstreamKeepaliveConnections, 0);
        SettingChecks.requireAtLeast("upstream keep-alive requests", upstreamKeepaliveRequests, 1);
        if (outlier == null || accessLog == null || http2 == null || admin == null || tracing == null || udp == null) {
            throw new IllegalArgumentException("outlier detection, access log format, HTTP/2 limits, admin, trace and UDP settings must be set");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings a snapshot may change while the proxy runs, as these settings have them. */
    public ProxyTuning tuning() {
        return new ProxyTuning(keepAliveTimeout, clientHeaderTimeout, proxyProtocol, trustedProxies, upstreamKeepaliveConnections,
                upstreamIdleTimeout, upstreamKeepaliveRequests, tracing.unrouted(), tracing.sampleRatio());
    }

    /** These settings with {@code tuning}'s values in place of their own; checked as any settings are. */
    public ProxySettings tunedBy(ProxyTuning tuning) {
        return new ProxySettings(bindAddress, httpPort, adminPort, eventLoopThreads, maxConnections, maxInitialLineLength, maxHeaderSize,
                maxRequestBodyBytes, tuning.clientHeaderTimeout(), tuning.keepAliveTimeout(), tuning.proxyProtocol(),
                tuning.trustedProxies(), upstreamConnectTimeout, upstreamReadTimeout, upstreamSendTimeout,
                tuning.upstreamKeepaliveTimeout(), upstreamMaxConnections, upstreamMaxAttempts, outlier, accessLog, httpsPort,
                defaultCertificate, httpsRedirectPort, tcpIdleTimeout, tuning.upstreamKeepaliveConnections(),
                tuning.upstreamKeepaliveRequests(), http2, admin, tracing.tunedBy(tuning.tracing(), tuning.traceSampleRatio()),
                requestBodyTempDir, udp);
    }

    /** One line per request, as JSON or in the combined log format, or none. */
    public enum AccessLogFormat { JSON, COMBINED, OFF }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int httpPort = 8080;
        private int adminPort = 9090;
        private int eventLoopThreads;
        private int maxConnections = 16384;
        private int maxInitialLineLength = 8192;
        private int maxHeaderSize = 16384;
        private long maxRequestBodyBytes = 1024 * 1024;
        private Duration clientHeaderTimeout = ProxyTuning.DEFAULTS.clientHeaderTimeout();
        private Duration keepAliveTimeout = ProxyTuning.DEFAULTS.keepAliveTimeout();
        private boolean proxyProtocol = ProxyTuning.DEFAULTS.proxyProtocol();
        private List<String> trustedProxies = ProxyTuning.DEFAULTS.trustedProxies();
        private Duration upstreamConnectTimeout = Duration.ofSeconds(5);
        private Duration upstreamReadTimeout = Duration.ofSeconds(60);
        private Duration upstreamSendTimeout = Duration.ofSeconds(60);
        private Duration upstreamIdleTimeout = ProxyTuning.DEFAULTS.upstreamKeepaliveTimeout();
        private int upstreamMaxConnections;
        private int upstreamMaxAttempts = 3;
        private OutlierDetection outlier = OutlierDetection.DEFAULT;
        private AccessLogFormat accessLog = AccessLogFormat.OFF;
        private int httpsPort = -1;
        private TlsCertificate defaultCertificate;
        private int httpsRedirectPort;
        private Duration tcpIdleTimeout = Duration.ofMinutes(10);
        private UdpSettings udp = UdpSettings.DEFAULT;
        private int upstreamKeepaliveConnections = ProxyTuning.DEFAULTS.upstreamKeepaliveConnections();
        private int upstreamKeepaliveRequests = ProxyTuning.DEFAULTS.upstreamKeepaliveRequests();
        private Http2Limits http2 = Http2Limits.DEFAULT;
        private AdminSettings admin = AdminSettings.OPEN;
        private TraceSettings tracing = TraceSettings.OFF;
        private Path requestBodyTempDir;

        private Builder() {
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** Opens the HTTPS listener on this port (0: a free one). */
        public Builder httpsPort(int value) {
            httpsPort = value;
            return this;
        }

        /** The port redirects to HTTPS name, when clients reach the HTTPS listener on another one (a load balancer's 443). */
        public Builder httpsRedirectPort(int value) {
            httpsRedirectPort = value;
            return this;
        }

        public Builder defaultCertificate(TlsCertificate value) {
            defaultCertificate = value;
            return this;
        }

        public Builder httpPort(int value) {
            httpPort = value;
            return this;
        }

        public Builder adminPort(int value) {
            adminPort = value;
            return this;
        }

        public Builder eventLoopThreads(int value) {
            eventLoopThreads = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder maxInitialLineLength(int value) {
            maxInitialLineLength = value;
            return this;
        }

        public Builder maxHeaderSize(int value) {
            maxHeaderSize = value;
            return this;
        }

        public Builder maxRequestBodyBytes(long value) {
            maxRequestBodyBytes = value;
            return this;
        }

        public Builder clientHeaderTimeout(Duration value) {
            clientHeaderTimeout = value;
            return this;
        }

        public Builder keepAliveTimeout(Duration value) {
            keepAliveTimeout = value;
            return this;
        }

        public Builder proxyProtocol(boolean value) {
            proxyProtocol = value;
            return this;
        }

        public Builder trustedProxies(List<String> value) {
            trustedProxies = value;
            return this;
        }

        public Builder upstreamConnectTimeout(Duration value) {
            upstreamConnectTimeout = value;
            return this;
        }

        public Builder upstreamReadTimeout(Duration value) {
            upstreamReadTimeout = value;
            return this;
        }

        public Builder upstreamSendTimeout(Duration value) {
            upstreamSendTimeout = value;
            return this;
        }

        public Builder upstreamIdleTimeout(Duration value) {
            upstreamIdleTimeout = value;
            return this;
        }

        public Builder upstreamMaxConnections(int value) {
            upstreamMaxConnections = value;
            return this;
        }

        public Builder upstreamMaxAttempts(int value) {
            upstreamMaxAttempts = value;
            return this;
        }

        public Builder outlier(OutlierDetection value) {
            outlier = value;
            return this;
        }

        public Builder accessLog(AccessLogFormat value) {
            accessLog = value;
            return this;
        }

        public Builder upstreamKeepaliveConnections(int value) {
            upstreamKeepaliveConnections = value;
            return this;
        }

        public Builder upstreamKeepaliveRequests(int value) {
            upstreamKeepaliveRequests = value;
            return this;
        }

        public Builder http2(Http2Limits value) {
            http2 = value;
            return this;
        }

        public Builder admin(AdminSettings value) {
            admin = value;
            return this;
        }

        public Builder tracing(TraceSettings value) {
            tracing = value;
            return this;
        }

        /** @param value where buffered request bodies beyond their memory buffer wait; null for the process's own */
        public Builder requestBodyTempDir(Path value) {
            requestBodyTempDir = value;
            return this;
        }

        public Builder udp(UdpSettings value) {
            udp = value;
            return this;
        }

        public Builder tcpIdleTimeout(Duration value) {
            tcpIdleTimeout = value;
            return this;
        }

        public ProxySettings build() {
            return new ProxySettings(bindAddress, httpPort, adminPort, eventLoopThreads, maxConnections, maxInitialLineLength,
                    maxHeaderSize, maxRequestBodyBytes, clientHeaderTimeout, keepAliveTimeout, proxyProtocol, trustedProxies,
                    upstreamConnectTimeout, upstreamReadTimeout, upstreamSendTimeout, upstreamIdleTimeout,
                    upstreamMaxConnections, upstreamMaxAttempts, outlier, accessLog, httpsPort, defaultCertificate,
                    httpsRedirectPort, tcpIdleTimeout, upstreamKeepaliveConnections, upstreamKeepaliveRequests, http2, admin, tracing,
                    requestBodyTempDir, udp);
        }
    }
}
