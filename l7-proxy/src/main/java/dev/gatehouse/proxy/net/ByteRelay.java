package dev.gatehouse.proxy.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One direction of a byte pipe between two channels on the same event loop: what this side reads is written to the
 * peer, flushed when the read is complete, and this side is not read while the peer cannot take more. When this side
 * closes or fails, the peer closes once what was written to it is flushed. A TCP listener's connection
 * ({@code tcp.TcpRelay}) and an upgraded HTTP connection ({@code exchange.Tunnel}) are each two of these, facing each
 * other, with what is their own on top.
 */
public abstract class ByteRelay extends ChannelInboundHandlerAdapter {

    protected final Channel peer;

    protected ByteRelay(Channel peer) {
        this.peer = peer;
    }

    /** {@code bytes} more are on their way to the peer. */
    protected void relaying(int bytes) {
    }

    /** This side's channel closed; the peer closes once flushed. */
    protected void closed() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf data && peer.isActive()) {
            relaying(data.readableBytes());
            peer.write(data, peer.voidPromise());
        } else {
            // what a decoder emitted before it left the pipeline (such as the end of a 101 response), or a write to a
            // peer that is gone
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (!peer.isWritable()) {
            setReading(ctx.channel(), false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // the peer is read only while this side can take what it sends
        setReading(peer, ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeWhenFlushed(peer);
        closed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
        closeWhenFlushed(peer);
        // to be counted by the pipeline's last handler
        ctx.fireExceptionCaught(cause);
    }

    /**
     * Turns auto-read on or off, except on a channel whose input has ended (its remote side shut its output): there is
     * nothing more to read, and the epoll transport fails when asked to read such a channel again.
     */
    public static void setReading(Channel channel, boolean read) {
        if (!(channel instanceof DuplexChannel duplex && duplex.isInputShutdown())) {
            channel.config().setAutoRead(read);
        }
    }

    /** Closes {@code channel} once what was written to it is flushed. */
    public static void closeWhenFlushed(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
