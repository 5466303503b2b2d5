package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.filter.ExternalAuthClient;
import dev.gatehouse.proxy.filter.GlobalCounters;
import dev.gatehouse.proxy.filter.PasswordChecks;
import dev.gatehouse.proxy.filter.RequestMirror;
import dev.gatehouse.proxy.net.Cidrs;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.AccessLog;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.RequestTracer;
import dev.gatehouse.proxy.tls.UpstreamTlsContexts;
import dev.gatehouse.proxy.upstream.UpstreamConnections;
import dev.gatehouse.routing.ProxyTuning;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every client connection shares: the live routing, the per-loop upstream connections, settings,
 * metrics, the access log, the password checks of basic auth, and the set of open connections that a
 * shutdown drains.
 */
public final class ProxyContext {

    private final ProxySettings started;
    private volatile ProxySettings settings;
    private final ProxyMetrics metrics;
    private final AccessLog accessLog;
    private final RequestTracer tracer;
    private volatile Cidrs trustedProxies;
    private final PasswordChecks passwordChecks = PasswordChecks.create();
    private final ExternalAuthClient externalAuth = new ExternalAuthClient();
    private final RequestMirror mirror;
    private final GlobalCounters globalCounters;
    private final BodyTempFiles bodyFiles;
    private final Map<EventExecutor, UpstreamConnections> connectionsByLoop = new IdentityHashMap<>();
    private final ChannelGroup clientConnections = new DefaultChannelGroup("gatehouse-clients", GlobalEventExecutor.INSTANCE);
    private volatile LiveRouting live;
    private volatile boolean draining;
    private volatile String httpsRedirectSuffix = "";

    public ProxyContext(ProxySettings settings, Transport transport, EventLoopGroup loops, AddressResolverGroup<?> resolver,
                 ProxyMetrics metrics, AccessLog accessLog, LiveRouting initial, UpstreamTlsContexts upstreamTls) {
        this(settings, transport, loops, resolver, metrics, accessLog, RequestTracer.OFF, initial, upstreamTls);
    }

    public ProxyContext(ProxySettings settings, Transport transport, EventLoopGroup loops, AddressResolverGroup<?> resolver,
                 ProxyMetrics metrics, AccessLog accessLog, RequestTracer tracer, LiveRouting initial, UpstreamTlsContexts upstreamTls) {
        this.tracer = tracer;
        this.started = settings;
        this.settings = settings;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.trustedProxies = Cidrs.parse(settings.trustedProxies());
        this.live = initial;
        this.mirror = new RequestMirror(transport, resolver, metrics);
        this.globalCounters = new GlobalCounters(transport, loops, resolver, metrics);
        this.bodyFiles = new BodyTempFiles(settings.requestBodyTempDir());
        for (EventExecutor executor : loops) {
            connectionsByLoop.put(executor, new UpstreamConnections((EventLoop) executor, transport, this::settings, resolver, upstreamTls,
                    metrics.connectionFailures));
        }
    }

    public LiveRouting live() {
        return live;
    }

    public void publish(LiveRouting next) {
        live = next;
    }

    public UpstreamConnections connections(EventLoop loop) {
        return connectionsByLoop.get(loop);
    }

    public Iterable<UpstreamConnections> allConnections() {
        return connectionsByLoop.values();
    }

    /** Open client connections (HTTP/2 connections, not their streams). */
    public ChannelGroup connections() {
        return clientConnections;
    }

    public boolean draining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    /** The spans of forwarded requests. */
    public RequestTracer tracer() {
        return tracer;
    }

    public Cidrs trustedProxies() {
        return trustedProxies;
    }

    /** Basic auth's password verification, off the event loops. */
    public PasswordChecks passwordChecks() {
        return passwordChecks;
    }

    /** The copies of requests that routes mirror. */
    public RequestMirror mirror() {
        return mirror;
    }

    /** Where buffered request bodies beyond their memory buffer wait. */
    public BodyTempFiles bodyFiles() {
        return bodyFiles;
    }

    /** External auth's subrequests and their cache, off the event loops. */
    public ExternalAuthClient externalAuth() {
        return externalAuth;
    }

    /** The counters of global rate limits, in memcached. */
    public GlobalCounters globalCounters() {
        return globalCounters;
    }

    /** The settings now: those the proxy started with, tuned by the last snapshot applied. */
    public ProxySettings settings() {
        return settings;
    }

    /** The start settings with {@code tuning} in place of their own, or as started without one; checked, not yet used. */
    public ProxySettings tunedBy(Optional<ProxyTuning> tuning) {
        return tuning.map(started::tunedBy).orElse(started);
    }

    /** New connections and requests use {@code next}; open connections keep the settings they started with. */
    public void use(ProxySettings next) {
        trustedProxies = Cidrs.parse(next.trustedProxies());
        settings = next;
    }

    /** {@code :PORT} for the Location of redirects to HTTPS, or empty for 443. */
    public String httpsRedirectSuffix() {
        return httpsRedirectSuffix;
    }

    public void httpsRedirectPort(int port) {
        httpsRedirectSuffix = port == 443 ? "" : ":" + port;
    }
}
