package dev.gatehouse.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.AddressResolverGroup;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The upstream connection pools of one event loop, one pool per endpoint. Only that loop's thread touches
 * it, so it needs no locking, and a pooled connection is always used on the loop that opened it.
 */
final class UpstreamPools {

    private final EventLoop loop;
    private final Transport transport;
    private final ProxySettings settings;
    private final AddressResolverGroup<?> resolver;
    private final Map<UpstreamEndpoint, ChannelPool> pools = new HashMap<>();

    UpstreamPools(EventLoop loop, Transport transport, ProxySettings settings, AddressResolverGroup<?> resolver) {
        this.loop = loop;
        this.transport = transport;
        this.settings = settings;
        this.resolver = resolver;
    }

    ChannelPool pool(UpstreamEndpoint endpoint) {
        ChannelPool pool = pools.get(endpoint);
        if (pool == null) {
            pool = newPool(endpoint);
            pools.put(endpoint, pool);
        }
        return pool;
    }

    /** Closes the pools of endpoints that the live snapshot no longer lists. Runs on this loop. */
    void closeRetired() {
        Iterator<Map.Entry<UpstreamEndpoint, ChannelPool>> entries = pools.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<UpstreamEndpoint, ChannelPool> entry = entries.next();
            if (entry.getKey().retired()) {
                entry.getValue().close();
                entries.remove();
            }
        }
    }

    EventLoop loop() {
        return loop;
    }

    private ChannelPool newPool(UpstreamEndpoint endpoint) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(resolver)
                .remoteAddress(endpoint.socketAddress())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.upstreamConnectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // Reads are requested explicitly so a slow client slows its upstream instead of filling memory.
                .option(ChannelOption.AUTO_READ, false);
        long idleMillis = settings.upstreamIdleTimeout().toMillis();
        return new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel channel) {
                UpstreamHandler handler = new UpstreamHandler(endpoint);
                channel.attr(UpstreamHandler.KEY).set(handler);
                channel.pipeline()
                        .addLast("http", new HttpClientCodec())
                        .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                        .addLast("upstream", handler);
            }
        }, ChannelHealthChecker.ACTIVE, true, true);
    }
}
