package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.live.ProxyContext;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;

/**
 * First handler of every client connection: refuses connections beyond the limit (and while the proxy
 * drains), counts open connections, and ends a connection gracefully when the proxy shuts down.
 */
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    private final ProxyContext proxy;
    private boolean counted;

    public ConnectionGuard(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int max = proxy.settings().maxConnections();
        if (proxy.draining() || (max > 0 && proxy.metrics().activeConnections() >= max)) {
            proxy.metrics().rejectedConnections.inc();
            ctx.close();
            return;
        }
        counted = true;
        proxy.metrics().connectionOpened();
        proxy.connections().add(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            proxy.metrics().connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    /**
     * Ends the connection for shutdown: HTTP/2 sends GOAWAY and closes once its streams are done; HTTP/1
     * closes now if idle, else after the response in flight; a connection that has not sent its first
     * bytes yet closes now. Runs on the connection's event loop.
     */
    public static void drain(io.netty.channel.Channel channel) {
        ChannelHandler h2 = channel.pipeline().get(Http2FrameCodec.class);
        if (h2 != null || channel.pipeline().get(DownstreamHandler.NAME) == null) {
            channel.close();
        } else {
            channel.pipeline().fireUserEventTriggered(DrainEvent.DRAIN);
        }
    }
}
