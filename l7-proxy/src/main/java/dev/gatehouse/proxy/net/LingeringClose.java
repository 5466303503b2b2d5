package dev.gatehouse.proxy.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client may still be sending, after an early answer (400, 413, 414, 431, a 401 before
 * the body): the answer is sent, then the write side is shut (TLS close_notify, then FIN), and what the client
 * still sends is read and dropped until it closes, goes quiet or runs past a bound. Closing at once with unread
 * bytes makes the kernel send a reset, which often destroys the answer in the client's receive buffer before the
 * client reads it; nginx's lingering close exists for the same reason and has the same time bounds.
 */
public final class LingeringClose extends ChannelInboundHandlerAdapter {

    /** The longest a connection lingers, however the client keeps sending (nginx's lingering_time). */
    static final Duration MAX_TIME = Duration.ofSeconds(30);
    /** How long a lingering connection may stay quiet before it is closed (nginx's lingering_timeout). */
    static final Duration IDLE_TIME = Duration.ofSeconds(5);
    /** The most a lingering connection reads and drops before it is closed. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private long read;
    private long lastRead;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> idle;

    private LingeringClose() {
    }

    /** Lingers on the channel once {@code answered} is written; a channel that cannot half-close is closed. */
    public static void after(ChannelFuture answered) {
        answered.addListener(written -> begin(answered.channel()));
    }

    private static void begin(Channel channel) {
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        // first in the pipeline: what the client still sends is dropped as it arrives, TLS records undecrypted
        channel.pipeline().addFirst("linger", new LingeringClose());
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            // without a read timeout the TLS handler closes as soon as its close_notify is out, unread bytes or not;
            // the answer to that close_notify never reaches it, so lingering decides when the connection ends
            tls.setCloseNotifyReadTimeout(MAX_TIME.toMillis(), TimeUnit.MILLISECONDS);
            tls.closeOutbound().addListener(notified -> duplex.shutdownOutput());
        } else {
            duplex.shutdownOutput();
        }
        // read on whatever the handlers behind decided about reading: this handler asks for each read itself
        channel.read();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastRead = System.nanoTime();
        deadline = ctx.executor().schedule(() -> ctx.close(), MAX_TIME.toNanos(), TimeUnit.NANOSECONDS);
        scheduleIdleCheck(ctx, IDLE_TIME.toNanos());
    }

    private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayNanos) {
        idle = ctx.executor().schedule(() -> {
            long quiet = System.nanoTime() - lastRead;
            if (quiet >= IDLE_TIME.toNanos()) {
                ctx.close();
            } else {
                scheduleIdleCheck(ctx, IDLE_TIME.toNanos() - quiet);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            read += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        lastRead = System.nanoTime();
        if (read > MAX_BYTES) {
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // the client's end of input (half-closed): nothing more will come
        if (event instanceof ChannelInputShutdownEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.cancel(false);
        idle.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset from a client that gave up is the usual end of a lingering connection
        ctx.close();
    }
}
