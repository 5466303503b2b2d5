package dev.gatehouse.proxy.udp;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.observe.UdpStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One client's session on a UDP listener, and the last handler of its upstream socket, which is connected to the one
 * endpoint the session was given: the client's datagrams go out on it ({@link #send}), and what the endpoint answers
 * goes back to the client from the listener's port. Everything runs on the listener's event loop.
 *
 * <p>Datagrams that come before the upstream socket is connected wait, a few at most; the session ends when its socket
 * closes: after the idle timeout (the pipeline's {@code udp-idle}, both directions together), when the socket fails
 * (an ICMP port unreachable from the endpoint, say), or when its listener goes.
 */
final class UdpSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UdpSession.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);
    /** Datagrams held while the upstream socket connects: a client's first burst, not a queue. */
    static final int MAX_WAITING = 16;

    private final Channel listener;
    private final InetSocketAddress client;
    private final UdpStats stats;
    private final int maxDatagramSize;
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>(2);
    private Channel upstream;
    private boolean connected;

    UdpSession(Channel listener, InetSocketAddress client, UdpStats stats, int maxDatagramSize) {
        this.listener = listener;
        this.client = client;
        this.stats = stats;
        this.maxDatagramSize = maxDatagramSize;
    }

    /** Takes the upstream socket once its connect is under way; datagrams wait until it is connected. */
    void connecting(ChannelFuture connect) {
        upstream = connect.channel();
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                LIMITED.log("udp upstream connect", "UDP session of {}: connecting its upstream socket failed: {}", client,
                        Causes.describe(done.cause()));
                stats.upstreamError().inc(waiting.size());
                upstream.close();
                return;
            }
            connected = true;
            for (ByteBuf data; (data = waiting.poll()) != null; ) {
                upstream.write(data, upstream.voidPromise());
            }
            upstream.flush();
        });
    }

    /** Sends a client's datagram upstream, taking ownership of {@code data}. */
    void send(ByteBuf data) {
        if (connected && upstream.isWritable()) {
            upstream.writeAndFlush(data, upstream.voidPromise());
        } else if (!connected && upstream.isOpen() && waiting.size() < MAX_WAITING) {
            waiting.add(data);
        } else {
            data.release();
            stats.busy().inc();
        }
    }

    /** Closes the session's socket; its close listener ends the session. */
    void close() {
        upstream.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf content = packet.content();
        int size = content.readableBytes();
        if (size > maxDatagramSize) {
            stats.oversized().inc();
            packet.release();
        } else if (!listener.isWritable()) {
            stats.busy().inc();
            packet.release();
        } else {
            stats.sent().inc();
            stats.sentBytes().inc(size);
            listener.writeAndFlush(new DatagramPacket(content, client), listener.voidPromise());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // on a connected socket, the endpoint's ICMP errors arrive as exceptions: the session ends, and the client's next
        // datagram opens another, which selection may give another endpoint
        stats.upstreamError().inc(waiting.size());
        LIMITED.log("udp upstream", "UDP session of {}: its upstream socket to {} failed: {}", client, ctx.channel().remoteAddress(),
                Causes.describe(cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    private void releaseWaiting() {
        for (ByteBuf data; (data = waiting.poll()) != null; ) {
            data.release();
        }
    }
}
