package dev.gatehouse.proxy;

import dev.gatehouse.routing.UpstreamProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The upstream connections of one event loop: an HTTP/1.1 pool and an h2c connection per endpoint.
 * Only that loop's thread touches it, so it needs no locking, and an upstream channel is always used on
 * the loop of the downstream channel that borrowed it.
 */
final class UpstreamConnections {

    private final EventLoop loop;
    private final Transport transport;
    private final ProxySettings settings;
    private final AddressResolverGroup<?> resolver;
    private final Map<UpstreamEndpoint, Http1Pool> http1 = new HashMap<>();
    private final Map<UpstreamEndpoint, H2cConnection> h2c = new HashMap<>();

    UpstreamConnections(EventLoop loop, Transport transport, ProxySettings settings, AddressResolverGroup<?> resolver) {
        this.loop = loop;
        this.transport = transport;
        this.settings = settings;
        this.resolver = resolver;
    }

    /** An idle pooled HTTP/1.1 connection to {@code endpoint}, or null: the path of a warm pool, without allocation. */
    Channel poll(UpstreamEndpoint endpoint) {
        Http1Pool pool = http1.get(endpoint);
        return pool == null ? null : pool.poll();
    }

    /**
     * A channel to {@code endpoint} whose pipeline takes and gives {@code HttpObject}s and ends in an
     * {@link UpstreamHandler}: a pooled HTTP/1.1 connection, or a new stream of the endpoint's h2c connection.
     */
    Future<Channel> acquire(UpstreamEndpoint endpoint, UpstreamProtocol protocol) {
        if (protocol == UpstreamProtocol.H2C) {
            H2cConnection connection = h2c.get(endpoint);
            if (connection == null || connection.closed()) {
                connection = new H2cConnection(bootstrap(endpoint), endpoint);
                h2c.put(endpoint, connection);
            }
            return connection.openStream();
        }
        return http1.computeIfAbsent(endpoint, e -> new Http1Pool(loop, bootstrap(e), e, settings)).acquire();
    }

    /** Gives a channel back: an HTTP/1.1 connection returns to its pool (or is closed), a stream is closed. */
    void release(UpstreamEndpoint endpoint, UpstreamProtocol protocol, Channel channel, UpstreamHandler handler,
                 boolean reusable) {
        boolean keep = reusable && protocol == UpstreamProtocol.HTTP1 && channel.isActive() && !endpoint.retired();
        if (keep) {
            handler.detach();
        } else {
            handler.forget();
            channel.close();
        }
        if (protocol == UpstreamProtocol.HTTP1) {
            Http1Pool pool = http1.get(endpoint);
            if (pool != null) {
                pool.release(channel, keep);
            } else if (keep) {
                channel.close();
            }
        }
    }

    /** Closes the pools and connections of endpoints that the live snapshot no longer lists. Runs on this loop. */
    void closeRetired() {
        for (Iterator<Map.Entry<UpstreamEndpoint, Http1Pool>> it = http1.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UpstreamEndpoint, Http1Pool> entry = it.next();
            if (entry.getKey().retired()) {
                entry.getValue().close();
                it.remove();
            }
        }
        for (Iterator<Map.Entry<UpstreamEndpoint, H2cConnection>> it = h2c.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UpstreamEndpoint, H2cConnection> entry = it.next();
            if (entry.getKey().retired() || entry.getValue().closed()) {
                entry.getValue().close();
                it.remove();
            }
        }
    }

    EventLoop loop() {
        return loop;
    }

    private Bootstrap bootstrap(UpstreamEndpoint endpoint) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(resolver)
                .remoteAddress(endpoint.socketAddress())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.upstreamConnectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }
}
