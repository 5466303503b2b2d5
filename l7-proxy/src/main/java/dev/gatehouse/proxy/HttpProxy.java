package dev.gatehouse.proxy;

import dev.gatehouse.proxy.admin.AdminServer;
import dev.gatehouse.proxy.admin.AdminViews;
import dev.gatehouse.proxy.admin.DashboardJson;
import dev.gatehouse.proxy.admin.RoutesJson;
import dev.gatehouse.proxy.balance.ActiveHealthChecks;
import dev.gatehouse.proxy.downstream.ConnectionGuard;
import dev.gatehouse.proxy.downstream.HttpListenerInitializer;
import dev.gatehouse.proxy.downstream.SniCertificates;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.PortBinding;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.AccessLog;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.RequestTracer;
import dev.gatehouse.proxy.observe.RequestTracers;
import dev.gatehouse.proxy.tcp.PassthroughSni;
import dev.gatehouse.proxy.observe.UdpMetrics;
import dev.gatehouse.proxy.tcp.TcpConnector;
import dev.gatehouse.proxy.tcp.TcpListeners;
import dev.gatehouse.proxy.tls.TlsContexts;
import dev.gatehouse.proxy.tls.UpstreamTlsContexts;
import dev.gatehouse.proxy.udp.UdpListeners;
import dev.gatehouse.proxy.upstream.UpstreamConnections;
import dev.gatehouse.routing.RoutingSnapshot;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.util.ResourceLeakDetector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ProxyServer}: binds the HTTP listener and the admin port, swaps live routing, brings the TCP
 * listeners' ports in line with each snapshot, shuts down gracefully.
 */
public final class HttpProxy implements ProxyServer {

    private static final Logger log = LoggerFactory.getLogger(HttpProxy.class);

    private final EventLoopGroup loops;
    private final DnsAddressResolverGroup resolver;
    private final ProxyContext context;
    private final ProxyMetrics metrics;
    private final ActiveHealthChecks healthChecks;
    private final Channel httpChannel;
    private final Channel httpsChannel;
    private final TcpListeners tcp;
    private final UdpListeners udp;
    private final TlsContexts tls;
    private final AdminServer admin;
    private final AdminViews views;
    private volatile boolean applied;
    private volatile Instant appliedAt;
    private volatile boolean closed;

    private HttpProxy(EventLoopGroup loops, DnsAddressResolverGroup resolver, ProxyContext context, ProxyMetrics metrics,
                      ActiveHealthChecks healthChecks, Channel httpChannel, Channel httpsChannel, TcpListeners tcp,
                      UdpListeners udp, TlsContexts tls, AdminServer admin, AdminViews views) {
        this.views = views;
        this.loops = loops;
        this.resolver = resolver;
        this.context = context;
        this.metrics = metrics;
        this.healthChecks = healthChecks;
        this.httpChannel = httpChannel;
        this.httpsChannel = httpsChannel;
        this.tcp = tcp;
        this.udp = udp;
        this.tls = tls;
        this.admin = admin;
    }

    /**
     * Binds the listeners and starts serving; the access log, if on, goes to standard output.
     *
     * @param settings ports, limits and timeouts
     * @param registry where the proxy registers its metrics, also served on the admin port's {@code /metrics}
     * @throws IllegalStateException when a port cannot be bound, naming the address
     */
    public static ProxyServer start(ProxySettings settings, PrometheusRegistry registry) {
        return start(settings, registry, System.out);
    }

    /** As {@link #start(ProxySettings, PrometheusRegistry)}, with the access log going to {@code accessLogStream}. */
    public static ProxyServer start(ProxySettings settings, PrometheusRegistry registry, OutputStream accessLogStream) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty samples buffers for leaks by default, recording stack traces: a few percent of CPU at
            // the edge. The tests run at "paranoid" instead; an operator can set the property to look.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        Transport transport = Transport.best();
        if (!transport.name().equals("epoll")) {
            log.info("native epoll unavailable ({}); using Java NIO", String.valueOf(Transport.epollUnavailabilityCause()));
        }
        int threads = settings.eventLoopThreads() > 0 ? settings.eventLoopThreads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup loops = transport.newGroup(threads, "gatehouse-io");
        ProxyMetrics metrics = new ProxyMetrics(registry);
        DnsAddressResolverGroup resolver = transport.newResolver();
        AccessLog accessLog = AccessLog.create(settings.accessLog(), accessLogStream, metrics);
        // one set of client TLS contexts for every loop and the health checks: thread-safe and costly to build
        UpstreamTlsContexts upstreamTls = new UpstreamTlsContexts();
        RequestTracer tracer = RequestTracers.create(settings.tracing(), metrics);
        ProxyContext context = new ProxyContext(settings, transport, loops, resolver, metrics, accessLog, tracer,
                LiveRouting.build(RoutingSnapshot.empty(), null, metrics, settings), upstreamTls);
        LiveGauges.registerEndpointHealth(metrics.registry(), context::live);
        LiveGauges.registerCertificates(metrics.registry(), context::live);
        ActiveHealthChecks healthChecks = new ActiveHealthChecks(transport, resolver, upstreamTls, metrics.connectionFailures);
        Bootstrap tcpUpstream = TcpConnector.upstreamBootstrap(transport, resolver, settings);
        TcpListeners tcp = new TcpListeners(loops, transport, context, tcpUpstream);
        LiveGauges.registerTcpListeners(metrics.registry(), context::live, tcp);
        UdpListeners udp = new UdpListeners(loops, transport, resolver, context, new UdpMetrics(metrics.registry()));
        AdminServer admin = null;
        Channel httpsChannel = null;
        try {
            ServerBootstrap http = new ServerBootstrap()
                    .group(loops)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // the pooled allocator's per-thread caches measured about 5 % more requests per second than Netty 4.2's
                    // adaptive default on the keep-alive path, plain and TLS (bench/README.md)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new HttpListenerInitializer(context, null));
            Channel httpChannel = PortBinding.bind(http, settings.bindAddress(), settings.httpPort(), "HTTP listener");
            TlsContexts tls = null;
            if (settings.httpsPort() >= 0) {
                tls = new TlsContexts(settings.defaultCertificate());
                SniCertificates certificates = new SniCertificates(context, tls);
                httpsChannel = PortBinding.bind(
                        http.clone().childHandler(HttpListenerInitializer.https(context,
                                () -> PassthroughSni.onHttpsListener(certificates, context, tcpUpstream))),
                        settings.bindAddress(), settings.httpsPort(), "HTTPS listener");
                context.httpsRedirectPort(settings.httpsRedirectPort() != 0 ? settings.httpsRedirectPort()
                        : ((InetSocketAddress) httpsChannel.localAddress()).getPort());
            }
            HttpProxy[] self = new HttpProxy[1];
            LiveGauges.registerReadiness(metrics.registry(), () -> self[0] != null && self[0].ready());
            AdminViews views = new AdminViews();
            Channel https = httpsChannel;
            views.addBytes("/api/v1/overview", "application/json", () -> self[0].overviewJson(https));
            views.addBytes("/api/v1/hosts", "application/json", () -> DashboardJson.hosts(context.live()));
            views.addBytes("/api/v1/clusters", "application/json", () -> DashboardJson.clusters(context.live(), System.nanoTime()));
            admin = AdminServer.start(transport, settings, registry, metrics, () -> self[0].notReadyReason(),
                    () -> RoutesJson.render(context.live(), tcp, udp, views.routesFields()), views);
            self[0] = new HttpProxy(loops, resolver, context, metrics, healthChecks, httpChannel, httpsChannel, tcp, udp, tls, admin,
                    views);
            log.info("serving HTTP on {}{} and the admin port on {} ({} event loop threads, {}{})",
                    httpChannel.localAddress(), httpsChannel == null ? "" : ", HTTPS on " + httpsChannel.localAddress(),
                    admin.address(), threads, transport.name(),
                    settings.proxyProtocol() ? ", PROXY protocol" : "");
            return self[0];
        } catch (RuntimeException e) {
            udp.close();
            if (admin != null) {
                admin.close();
            }
            healthChecks.close();
            accessLog.close();
            tracer.close();
            resolver.close();
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    public synchronized void apply(RoutingSnapshot snapshot) {
        ProxySettings tuned = context.tunedBy(snapshot.tuning());
        if (tls != null) {
            tls.prepare(snapshot);
        }
        LiveRouting next = LiveRouting.build(snapshot, context.live(), metrics, tuned);
        context.use(tuned);
        context.publish(next);
        healthChecks.update(next.clusters());
        // after the publish: a connection accepted on a new port finds its listener in the live routing
        tcp.update(snapshot.tcpListeners(), ownPassthroughPorts(snapshot));
        udp.update(snapshot.udpListeners());
        metrics.snapshotVersion.set(snapshot.version());
        appliedAt = Instant.now();
        metrics.snapshotAppliedTime.set(appliedAt.toEpochMilli() / 1000.0);
        applied = true;
        for (UpstreamConnections connections : context.allConnections()) {
            connections.loop().execute(connections::closeRetired);
        }
    }

    /** The ports whose TLS passthrough the HTTP and HTTPS listeners do not serve: each gets a port of its own. */
    private Set<Integer> ownPassthroughPorts(RoutingSnapshot snapshot) {
        Set<Integer> ports = new HashSet<>(snapshot.tlsPassthroughPorts());
        ports.remove(((InetSocketAddress) httpChannel.localAddress()).getPort());
        if (httpsChannel != null) {
            ports.remove(((InetSocketAddress) httpsChannel.localAddress()).getPort());
        }
        return ports;
    }

    @Override
    public RoutingSnapshot snapshot() {
        return context.live().snapshot();
    }

    /** What the listeners share; for the tests of this package. */
    ProxyContext context() {
        return context;
    }

    @Override
    public boolean ready() {
        return applied && !context.draining();
    }

    private byte[] overviewJson(Channel https) {
        Map<String, String> listeners = new LinkedHashMap<>();
        listeners.put("http", DashboardJson.address((InetSocketAddress) httpChannel.localAddress()));
        if (https != null) {
            listeners.put("https", DashboardJson.address((InetSocketAddress) https.localAddress()));
        }
        listeners.put("admin", DashboardJson.address(admin.address()));
        return DashboardJson.overview(context.live(), appliedAt, ready(), listeners, tcp, metrics.activeConnections());
    }

    private String notReadyReason() {
        if (context.draining()) {
            return "shutting down";
        }
        return applied ? null : "no routing snapshot has been applied yet";
    }

    @Override
    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) httpChannel.localAddress();
    }

    @Override
    public InetSocketAddress httpsAddress() {
        return httpsChannel == null ? null : (InetSocketAddress) httpsChannel.localAddress();
    }

    @Override
    public InetSocketAddress tcpAddress(int port) {
        return tcp.address(port);
    }

    @Override
    public InetSocketAddress udpAddress(int port) {
        return udp.address(port);
    }

    @Override
    public void serveAdminText(String path, Supplier<String> text) {
        views.add(path, text);
    }

    @Override
    public void serveAdminJson(String path, Supplier<?> json) {
        views.addJson(path, json);
    }

    @Override
    public void addToRoutes(String name, Supplier<?> json) {
        views.addRoutesField(name, json);
    }

    @Override
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    @Override
    public void shutdown(Duration drainDelay, Duration timeout) {
        context.startDraining();
        log.info("shutting down: not ready any more; refusing new connections in {} ms", drainDelay.toMillis());
        awaitQuietly(loops.next().schedule(() -> { }, drainDelay.toNanos(), TimeUnit.NANOSECONDS), drainDelay.plusSeconds(1));
        closeListeners();
        int open = context.connections().size();
        int openTcp = tcp.connections().size();
        long deadline = System.nanoTime() + timeout.toNanos();
        context.connections().forEach(channel -> channel.eventLoop().execute(() -> ConnectionGuard.drain(channel)));
        // TCP connections have no request boundary to stop at: they get the same time to end on their own
        boolean httpDone = context.connections().newCloseFuture().awaitUninterruptibly(timeout.toMillis());
        boolean tcpDone = tcp.connections().newCloseFuture()
                .awaitUninterruptibly(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        if (!httpDone || !tcpDone) {
            log.warn("{} connections and {} TCP listener connections still open after {} ms; closing them",
                    context.connections().size(), tcp.connections().size(), timeout.toMillis());
        } else if (open + openTcp > 0) {
            log.info("{} open connections finished their requests and {} TCP listener connections ended", open, openTcp);
        }
        close();
    }

    private void closeListeners() {
        httpChannel.close().syncUninterruptibly();
        if (httpsChannel != null) {
            httpsChannel.close().syncUninterruptibly();
        }
        tcp.closeListeners();
        // a datagram has no request boundary nor connection to finish: sessions end with their listener
        udp.close();
    }

    private static void awaitQuietly(io.netty.util.concurrent.Future<?> future, Duration atMost) {
        future.awaitUninterruptibly(atMost.toMillis());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.startDraining();
        closeListeners();
        context.connections().close().awaitUninterruptibly(2000);
        tcp.close();
        admin.close();
        if (tls != null) {
            tls.close();
        }
        healthChecks.close();
        context.accessLog().close();
        context.tracer().close();
        context.passwordChecks().close();
        context.externalAuth().close();
        resolver.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        // after the loops: an exchange deletes its own file when it ends
        context.bodyFiles().close();
    }
}
