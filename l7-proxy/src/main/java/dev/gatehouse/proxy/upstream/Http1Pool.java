package dev.gatehouse.proxy.upstream;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keep-alive HTTP/1.1 connections to one endpoint from one event loop: the most recently used idle
 * connection first, a new one when none is idle, and with a limit, requests beyond it wait (FIFO) for a
 * connection to come back. Only the loop's thread touches it.
 *
 * <p>Netty's general channel pools were used at first; on the request path they cost several promises
 * and listeners per request, measurable at tens of thousands of requests per second, so this pool lends
 * an idle connection without allocating anything ({@link #poll()}).
 *
 * <p>The keep-alive limits (idle connections kept, requests per connection, idle time) are read from the proxy's
 * settings as they are now, so the global ConfigMap's {@code upstream-keepalive-*} apply while running.
 */
final class Http1Pool {

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final int max;
    private final Supplier<ProxySettings> settings;
    // handlers, not channels: the warm path reaches the connection's handler without an attribute lookup
    private final ArrayDeque<UpstreamHandler> idle = new ArrayDeque<>();
    private final ArrayDeque<Promise<Channel>> waiting = new ArrayDeque<>();
    private int open;
    private boolean closed;

    /** @param tls makes the TLS handler of each new connection; null for plain text */
    Http1Pool(EventLoop loop, Bootstrap bootstrap, UpstreamEndpoint endpoint, Supplier<ProxySettings> settings,
              Function<Channel, ChannelHandler> tls, Counter connectionFailures) {
        this.loop = loop;
        this.settings = settings;
        this.max = settings.get().upstreamMaxConnections();
        this.bootstrap = bootstrap.handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                UpstreamHandler upstream = new UpstreamHandler(endpoint);
                long idleMillis = settings.get().upstreamIdleTimeout().toMillis();
                channel.attr(UpstreamHandler.KEY).set(upstream);
                if (tls != null) {
                    channel.pipeline().addLast("tls", tls.apply(channel));
                }
                channel.pipeline()
                        .addLast("http", new HttpClientCodec(new HttpDecoderConfig().setMaxChunkSize(65536), false, false))
                        // reader-idle only: an all-idle handler would put a listener on every write
                        .addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS))
                        .addLast("upstream", upstream)
                        // after a switch to a tunnel, the tunnel's failures end here
                        .addLast(PeerFailures.NAME, new PeerFailures("upstream", connectionFailures));
            }
        });
    }

    /** The handler of an idle, open connection, or null: the allocation-free path of a busy pool. */
    UpstreamHandler poll() {
        UpstreamHandler connection;
        while ((connection = idle.pollLast()) != null) {
            if (connection.channel().isActive()) {
                return connection;
            }
        }
        return null;
    }

    /** A new connection, or, at the limit, the next one given back. Cancel the future to stop waiting. */
    Future<Channel> acquire() {
        Promise<Channel> promise = loop.newPromise();
        if (closed) {
            promise.setFailure(new IllegalStateException("the endpoint left the routing"));
        } else if (max > 0 && open >= max) {
            waiting.add(promise);
        } else {
            connect(promise);
        }
        return promise;
    }

    private void connect(Promise<Channel> promise) {
        open++;
        ChannelFuture connecting = bootstrap.connect();
        connecting.channel().closeFuture().addListener(f -> connectionClosed());
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                if (!promise.trySuccess(connecting.channel())) {
                    release(UpstreamHandler.of(connecting.channel()), true);
                }
            } else {
                promise.tryFailure(f.cause());
            }
        });
    }

    /** Gives a connection back: to the first request waiting for one, else to the idle ones; closed if not reusable. */
    void release(UpstreamHandler connection, boolean reusable) {
        Channel channel = connection.channel();
        ProxySettings now = settings.get();
        if (!reusable || closed || !channel.isActive() || connection.served() >= now.upstreamKeepaliveRequests()) {
            channel.close();
            return;
        }
        Promise<Channel> next;
        while ((next = waiting.poll()) != null) {
            if (next.trySuccess(channel)) {
                return;
            }
        }
        if (idle.size() >= now.upstreamKeepaliveConnections()) {
            channel.close();
            return;
        }
        idle.addLast(connection);
    }

    /** A connection ended: a request waiting at the limit may now open a new one. */
    private void connectionClosed() {
        open--;
        Promise<Channel> next;
        while (!closed && (max == 0 || open < max) && (next = waiting.poll()) != null) {
            if (!next.isDone()) {
                connect(next);
            }
        }
    }

    void close() {
        closed = true;
        UpstreamHandler connection;
        while ((connection = idle.poll()) != null) {
            connection.channel().close();
        }
        Promise<Channel> next;
        while ((next = waiting.poll()) != null) {
            next.tryFailure(new IllegalStateException("the endpoint left the routing"));
        }
    }
}
