package dev.gatehouse.proxy.upstream;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.tls.UpstreamTlsContexts;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The upstream connections of one event loop: an HTTP/1.1 pool and an h2c connection per endpoint.
 * Only that loop's thread touches it, so it needs no locking, and an upstream channel is always used on
 * the loop of the downstream channel that borrowed it.
 */
public final class UpstreamConnections {

    private final EventLoop loop;
    private final Transport transport;
    private final Supplier<ProxySettings> settings;
    private final AddressResolverGroup<?> resolver;
    private final UpstreamTlsContexts tlsContexts;
    private final Counter connectionFailures;
    private final Map<UpstreamEndpoint, Http1Pool> http1 = new HashMap<>();
    private final Map<UpstreamEndpoint, H2cConnection> h2c = new HashMap<>();
    // over TLS, each TLS setting has pools of its own: a Service that turns TLS on never reuses a plain connection
    private final Map<UpstreamTls, Map<UpstreamEndpoint, Http1Pool>> https = new HashMap<>();
    private final Map<UpstreamTls, Map<UpstreamEndpoint, H2cConnection>> h2 = new HashMap<>();

    /** @param settings the proxy's settings as they are now (tuned while running) */
    public UpstreamConnections(EventLoop loop, Transport transport, Supplier<ProxySettings> settings, AddressResolverGroup<?> resolver,
                        UpstreamTlsContexts tlsContexts, Counter connectionFailures) {
        this.loop = loop;
        this.connectionFailures = connectionFailures;
        this.tlsContexts = tlsContexts;
        this.transport = transport;
        this.settings = settings;
        this.resolver = resolver;
    }

    /**
     * The handler of an idle pooled HTTP/1.1 connection to {@code endpoint}, or null: the path of a warm pool, without
     * allocation.
     */
    public UpstreamHandler poll(UpstreamEndpoint endpoint, UpstreamTls tls) {
        Http1Pool pool = http1Pools(tls).get(endpoint);
        return pool == null ? null : pool.poll();
    }

    private Map<UpstreamEndpoint, Http1Pool> http1Pools(UpstreamTls tls) {
        return tls == null ? http1 : https.computeIfAbsent(tls, t -> new HashMap<>());
    }

    private Map<UpstreamEndpoint, H2cConnection> h2Connections(UpstreamTls tls) {
        return tls == null ? h2c : h2.computeIfAbsent(tls, t -> new HashMap<>());
    }

    /**
     * A channel to {@code endpoint} whose pipeline takes and gives {@code HttpObject}s and ends in an
     * {@link UpstreamHandler}: a pooled HTTP/1.1 connection, or a new stream of the endpoint's h2c connection.
     */
    public Future<Channel> acquire(UpstreamEndpoint endpoint, UpstreamProtocol protocol, UpstreamTls tls) {
        if (protocol == UpstreamProtocol.H2C) {
            Map<UpstreamEndpoint, H2cConnection> connections = h2Connections(tls);
            H2cConnection connection = connections.get(endpoint);
            if (connection == null || connection.closed()) {
                connection = new H2cConnection(bootstrap(endpoint), endpoint, tlsHandler(endpoint, protocol, tls),
                        connectionFailures);
                connections.put(endpoint, connection);
            }
            return connection.openStream();
        }
        return http1Pools(tls).computeIfAbsent(endpoint,
                e -> new Http1Pool(loop, bootstrap(e), e, settings, tlsHandler(e, protocol, tls), connectionFailures)).acquire();
    }

    /** Makes the TLS handler of each new connection, or null for plain text. */
    private Function<Channel, ChannelHandler> tlsHandler(UpstreamEndpoint endpoint, UpstreamProtocol protocol, UpstreamTls tls) {
        if (tls == null) {
            return null;
        }
        return channel -> tlsContexts.newHandler(channel.alloc(), tls, protocol, endpoint.socketAddress().getHostString(),
                endpoint.socketAddress().getPort());
    }

    /** Gives a channel back: an HTTP/1.1 connection returns to its pool (or is closed), a stream is closed. */
    public void release(UpstreamEndpoint endpoint, UpstreamProtocol protocol, UpstreamTls tls, Channel channel, UpstreamHandler handler,
                 boolean reusable) {
        boolean keep = reusable && protocol == UpstreamProtocol.HTTP1 && channel.isActive() && !endpoint.retired();
        if (keep) {
            handler.detach();
        } else {
            handler.forget();
            channel.close();
        }
        if (protocol == UpstreamProtocol.HTTP1) {
            Http1Pool pool = http1Pools(tls).get(endpoint);
            if (pool != null) {
                pool.release(handler, keep);
            } else if (keep) {
                channel.close();
            }
        }
    }

    /** Closes the pools and connections of endpoints that the live snapshot no longer lists. Runs on this loop. */
    public void closeRetired() {
        closeRetiredPools(http1);
        closeRetiredConnections(h2c);
        https.values().forEach(UpstreamConnections::closeRetiredPools);
        h2.values().forEach(UpstreamConnections::closeRetiredConnections);
    }

    private static void closeRetiredPools(Map<UpstreamEndpoint, Http1Pool> pools) {
        for (Iterator<Map.Entry<UpstreamEndpoint, Http1Pool>> it = pools.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UpstreamEndpoint, Http1Pool> entry = it.next();
            if (entry.getKey().retired()) {
                entry.getValue().close();
                it.remove();
            }
        }
    }

    private static void closeRetiredConnections(Map<UpstreamEndpoint, H2cConnection> connections) {
        for (Iterator<Map.Entry<UpstreamEndpoint, H2cConnection>> it = connections.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UpstreamEndpoint, H2cConnection> entry = it.next();
            if (entry.getKey().retired() || entry.getValue().closed()) {
                entry.getValue().close();
                it.remove();
            }
        }
    }

    public EventLoop loop() {
        return loop;
    }

    private Bootstrap bootstrap(UpstreamEndpoint endpoint) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(resolver)
                .remoteAddress(endpoint.socketAddress())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.get().upstreamConnectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // as the client connections (HttpProxy): responses are read into the same allocator they are written from
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }
}
