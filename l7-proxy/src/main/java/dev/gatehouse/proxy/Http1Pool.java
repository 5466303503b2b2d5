package dev.gatehouse.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive HTTP/1.1 connections to one endpoint from one event loop (Netty's channel pools): most
 * recently used first, checked for liveness when lent, closed after the idle timeout. With a connection
 * limit, requests beyond it wait for a connection up to the connect timeout.
 */
final class Http1Pool {

    private final ChannelPool pool;

    Http1Pool(Bootstrap bootstrap, UpstreamEndpoint endpoint, ProxySettings settings) {
        // Reads are requested explicitly so a slow client slows its upstream instead of filling memory.
        bootstrap.option(ChannelOption.AUTO_READ, false);
        long idleMillis = settings.upstreamIdleTimeout().toMillis();
        AbstractChannelPoolHandler handler = new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel channel) {
                UpstreamHandler upstream = new UpstreamHandler(endpoint);
                channel.attr(UpstreamHandler.KEY).set(upstream);
                channel.pipeline()
                        .addLast("http", new HttpClientCodec(new HttpDecoderConfig().setMaxChunkSize(65536), false, false))
                        .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                        .addLast("upstream", upstream);
            }
        };
        int max = settings.upstreamMaxConnections();
        pool = max > 0
                ? new FixedChannelPool(bootstrap, handler, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL,
                        settings.upstreamConnectTimeout().toMillis(), max, Integer.MAX_VALUE, true, true)
                : new SimpleChannelPool(bootstrap, handler, ChannelHealthChecker.ACTIVE, true, true);
    }

    Future<Channel> acquire() {
        return pool.acquire();
    }

    void release(Channel channel) {
        pool.release(channel);
    }

    void close() {
        pool.close();
    }
}
