package dev.gatehouse.proxy;

import java.time.Duration;

/**
 * How the proxy listens and how it treats upstreams. Built with {@link #builder()}; every value has the
 * default an ingress-nginx user would expect.
 *
 * @param bindAddress            address the listeners bind, {@code 0.0.0.0} by default
 * @param httpPort               plain HTTP listener port (0 picks a free port)
 * @param adminPort              admin port for health, readiness, metrics and routes (0 picks a free port)
 * @param eventLoopThreads       event loop threads; 0 means one per available processor
 * @param upstreamConnectTimeout how long to wait for an upstream TCP connection (ingress-nginx: 5 s)
 * @param upstreamReadTimeout    how long an upstream may stay silent while a response is due (ingress-nginx: 60 s)
 * @param upstreamIdleTimeout    how long an unused pooled upstream connection is kept open
 * @param maxInitialLineLength   longest request line accepted
 * @param maxHeaderSize          largest request header block accepted
 */
public record ProxySettings(String bindAddress, int httpPort, int adminPort, int eventLoopThreads,
                            Duration upstreamConnectTimeout, Duration upstreamReadTimeout, Duration upstreamIdleTimeout,
                            int maxInitialLineLength, int maxHeaderSize) {

    public ProxySettings {
        requirePort("http port", httpPort);
        requirePort("admin port", adminPort);
        if (eventLoopThreads < 0) {
            throw new IllegalArgumentException("event loop threads " + eventLoopThreads + " must be 0 (one per core) or more");
        }
        requirePositive("upstream connect timeout", upstreamConnectTimeout);
        requirePositive("upstream read timeout", upstreamReadTimeout);
        requirePositive("upstream idle timeout", upstreamIdleTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requirePort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is out of range (expected 0-65535, 0 for any free port)");
        }
    }

    private static void requirePositive(String what, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " " + duration + " must be a positive duration");
        }
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int httpPort = 8080;
        private int adminPort = 9090;
        private int eventLoopThreads;
        private Duration upstreamConnectTimeout = Duration.ofSeconds(5);
        private Duration upstreamReadTimeout = Duration.ofSeconds(60);
        private Duration upstreamIdleTimeout = Duration.ofSeconds(60);
        private int maxInitialLineLength = 8192;
        private int maxHeaderSize = 16384;

        private Builder() {
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
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

        public Builder upstreamConnectTimeout(Duration value) {
            upstreamConnectTimeout = value;
            return this;
        }

        public Builder upstreamReadTimeout(Duration value) {
            upstreamReadTimeout = value;
            return this;
        }

        public Builder upstreamIdleTimeout(Duration value) {
            upstreamIdleTimeout = value;
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

        public ProxySettings build() {
            return new ProxySettings(bindAddress, httpPort, adminPort, eventLoopThreads, upstreamConnectTimeout,
                    upstreamReadTimeout, upstreamIdleTimeout, maxInitialLineLength, maxHeaderSize);
        }
    }
}
