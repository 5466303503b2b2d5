package dev.gatehouse.proxy.admin;

import dev.gatehouse.proxy.AdminSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.admin.BearerTokenCheck;
import dev.gatehouse.proxy.net.PortBinding;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin port: {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /routes}, the dashboard and its JSON
 * views. It has its own event loop thread, so it answers probes and scrapes even while the proxy's loops are
 * saturated. It binds its own address when one is set, and checks a bearer token when one is set.
 */
public final class AdminServer implements AutoCloseable {

    private final EventLoopGroup loop;
    private final Channel channel;

    private AdminServer(EventLoopGroup loop, Channel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    public static AdminServer start(Transport transport, ProxySettings settings, PrometheusRegistry registry, ProxyMetrics metrics,
                             Supplier<String> notReady, Supplier<byte[]> routes, AdminViews views) {
        EventLoopGroup loop = transport.newGroup(1, "gatehouse-admin");
        AdminSettings admin = settings.admin();
        String bindAddress = admin.bindAddress() != null ? admin.bindAddress() : settings.bindAddress();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loop)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast("http", new HttpServerCodec())
                                    .addLast("aggregate", new HttpObjectAggregator(8192));
                            if (admin.token() != null) {
                                ch.pipeline().addLast("token", new BearerTokenCheck(admin.token()));
                            }
                            ch.pipeline()
                                    .addLast("admin", new AdminHandler(registry, notReady, routes, views))
                                    .addLast(PeerFailures.NAME, new PeerFailures("admin", metrics.connectionFailures));
                        }
                    });
            return new AdminServer(loop, PortBinding.bind(bootstrap, bindAddress, settings.adminPort(), "admin port"));
        } catch (RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
