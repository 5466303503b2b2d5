package dev.gatehouse.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What every client connection shares: the live routing, the per-loop upstream connections, settings,
 * metrics, the access log, the password checks of basic auth, and the set of open connections that a
 * shutdown drains.
 */
final class ProxyContext {

    private final ProxySettings started;
    private volatile ProxySettings settings;
    private final ProxyMetrics metrics;
    private final AccessLog accessLog;
    private volatile Cidrs trustedProxies;
    private final PasswordChecks passwordChecks = PasswordChecks.create();
    private final ExternalAuthClient externalAuth = new ExternalAuthClient();
    private final RequestMirror mirror;
    private final Map<EventExecutor, UpstreamConnections> connectionsByLoop = new IdentityHashMap<>();
    private final ChannelGroup clientConnections = new DefaultChannelGroup("gatehouse-clients", GlobalEventExecutor.INSTANCE);
    private volatile LiveRouting live;
    private volatile boolean draining;
    private volatile String httpsRedirectSuffix = "";

    ProxyContext(ProxySettings settings, Transport transport, EventLoopGroup loops, AddressResolverGroup<?> resolver,
                 ProxyMetrics metrics, AccessLog accessLog, LiveRouting initial, UpstreamTlsContexts upstreamTls) {
        this.started = settings;
        this.settings = settings;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.trustedProxies = Cidrs.parse(settings.trustedProxies());
        this.live = initial;
        this.mirror = new RequestMirror(transport, resolver, metrics);
        for (EventExecutor executor : loops) {
            connectionsByLoop.put(executor, new UpstreamConnections((EventLoop) executor, transport, this::settings, resolver, upstreamTls,
                    metrics.connectionFailures));
        }
    }

    LiveRouting live() {
        return live;
    }

    void publish(LiveRouting next) {
        live = next;
    }

    UpstreamConnections connections(EventLoop loop) {
        return connectionsByLoop.get(loop);
    }

    Iterable<UpstreamConnections> allConnections() {
        return connectionsByLoop.values();
    }

    /** Open client connections (HTTP/2 connections, not their streams). */
    ChannelGroup connections() {
        return clientConnections;
    }

    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    Cidrs trustedProxies() {
        return trustedProxies;
    }

    /** Basic auth's password verification, off the event loops. */
    PasswordChecks passwordChecks() {
        return passwordChecks;
    }

    /** The copies of requests that routes mirror. */
    RequestMirror mirror() {
        return mirror;
    }

    /** External auth's subrequests and their cache, off the event loops. */
    ExternalAuthClient externalAuth() {
        return externalAuth;
    }

    /** The settings now: those the proxy started with, tuned by the last {@link #tune}. */
    ProxySettings settings() {
        return settings;
    }

    /** New connections and requests use the start settings with {@code tuning} applied (replacing any earlier tuning). */
    void tune(ProxyTuning tuning) {
        ProxySettings next = tuning.applyTo(started);
        trustedProxies = Cidrs.parse(next.trustedProxies());
        settings = next;
    }

    /** {@code :PORT} for the Location of redirects to HTTPS, or empty for 443. */
    String httpsRedirectSuffix() {
        return httpsRedirectSuffix;
    }

    void httpsRedirectPort(int port) {
        httpsRedirectSuffix = port == 443 ? "" : ":" + port;
    }
}
