package dev.gatehouse.proxy;

import dev.gatehouse.routing.RoutingSnapshot;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ProxyServer}: binds the HTTP listener and the admin port, and swaps live routing. */
final class HttpProxy implements ProxyServer {

    private static final Logger log = LoggerFactory.getLogger(HttpProxy.class);

    private final EventLoopGroup loops;
    private final DnsAddressResolverGroup resolver;
    private final ProxyContext context;
    private final ProxyMetrics metrics;
    private final Channel httpChannel;
    private final AdminServer admin;
    private volatile boolean ready;

    private HttpProxy(EventLoopGroup loops, DnsAddressResolverGroup resolver, ProxyContext context, ProxyMetrics metrics,
                      Channel httpChannel, AdminServer admin) {
        this.loops = loops;
        this.resolver = resolver;
        this.context = context;
        this.metrics = metrics;
        this.httpChannel = httpChannel;
        this.admin = admin;
    }

    static HttpProxy start(ProxySettings settings, PrometheusRegistry registry) {
        Transport transport = Transport.best();
        if (!transport.name().equals("epoll")) {
            log.info("native epoll unavailable ({}); using Java NIO", String.valueOf(Transport.epollUnavailabilityCause()));
        }
        int threads = settings.eventLoopThreads() > 0 ? settings.eventLoopThreads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup loops = transport.newGroup(threads, "gatehouse-io");
        ProxyMetrics metrics = new ProxyMetrics(registry);
        DnsAddressResolverGroup resolver = transport.newResolver();
        ProxyContext context = new ProxyContext(settings, transport, loops, resolver, metrics,
                LiveRouting.build(RoutingSnapshot.empty(), null, metrics));
        AdminServer admin = null;
        try {
            ServerBootstrap http = new ServerBootstrap()
                    .group(loops)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // Reads are requested one message at a time by the handlers (backpressure, pipelining order).
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new HttpListenerInitializer(context));
            Channel httpChannel = bind(http, settings.bindAddress(), settings.httpPort(), "HTTP listener");
            HttpProxy[] self = new HttpProxy[1];
            admin = AdminServer.start(transport, settings, registry, () -> self[0].ready, context::live);
            self[0] = new HttpProxy(loops, resolver, context, metrics, httpChannel, admin);
            log.info("serving HTTP on {} and the admin port on {} ({} event loop threads, {})",
                    httpChannel.localAddress(), admin.address(), threads, transport.name());
            return self[0];
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            resolver.close();
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    static Channel bind(ServerBootstrap bootstrap, String address, int port, String what) {
        try {
            return bootstrap.bind(address, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalStateException(what + ": cannot bind " + address + ":" + port + " (" + e.getMessage()
                    + "; expected a free port)", e);
        }
    }

    @Override
    public synchronized void apply(RoutingSnapshot snapshot) {
        LiveRouting next = LiveRouting.build(snapshot, context.live(), metrics);
        context.publish(next);
        metrics.snapshotVersion.set(snapshot.version());
        metrics.snapshotAppliedTime.set(System.currentTimeMillis() / 1000.0);
        ready = true;
        for (UpstreamPools pools : context.allPools()) {
            pools.loop().execute(pools::closeRetired);
        }
    }

    @Override
    public RoutingSnapshot snapshot() {
        return context.live().snapshot();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) httpChannel.localAddress();
    }

    @Override
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    @Override
    public void close() {
        httpChannel.close().syncUninterruptibly();
        admin.close();
        resolver.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
