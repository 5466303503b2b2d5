package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client-side timeouts of an HTTP/1.x connection, between the codec and the flow-control handler, where
 * it sees each read cycle, each request head and each response end:
 * <ul>
 *   <li>header timeout: once bytes of a request arrived, its head must be complete within the timeout,
 *       else the client gets 408 and the connection closes (slowloris);</li>
 *   <li>keep-alive timeout: a connection with no request in flight and no bytes arriving is closed.</li>
 * </ul>
 * Requests in flight are the upstream timeouts' business, and their bodies {@link BodyReadTimeout}'s, not this handler's.
 */
final class ClientTimeouts extends ChannelDuplexHandler implements Runnable {

    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private long requests;
    private long responses;
    private boolean awaitingHead;
    private long deadline;
    private ScheduledFuture<?> timer;

    ClientTimeouts(long headerTimeoutNanos, long idleTimeoutNanos) {
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        // The protocol was told from the first bytes, so a request head is already under way.
        awaitingHead = true;
        arm(headerTimeoutNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        disarm();
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof HttpRequest) {
            requests++;
            awaitingHead = false;
            disarm();
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (requests == responses && !awaitingHead) {
            awaitingHead = true;
            arm(headerTimeoutNanos);
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
            responses++;
            if (requests == responses) {
                awaitingHead = false;
                arm(idleTimeoutNanos);
            }
        }
        context.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (awaitingHead) {
            // a client that half-closed (FIN) or closed mid-head: counted, as the header timeout would have
            PeerFailures.count(context.channel(), "closed", "the client closed before its request head was complete");
        }
        disarm();
        context.fireChannelInactive();
    }

    private void arm(long timeoutNanos) {
        deadline = System.nanoTime() + timeoutNanos;
        if (timer != null && timer.getDelay(TimeUnit.NANOSECONDS) > timeoutNanos) {
            timer.cancel(false);
            timer = null;
        }
        if (timer == null) {
            timer = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        deadline = 0;
    }

    /** Fires at the earliest deadline; re-arms itself when the deadline moved. */
    @Override
    public void run() {
        timer = null;
        if (deadline == 0 || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(this, left, TimeUnit.NANOSECONDS);
            return;
        }
        if (awaitingHead) {
            PeerFailures.count(ctx.channel(), "timeout", "the request head took longer than the header timeout");
            RequestTimeout.answer(ctx, "408 Request Timeout: the request headers took too long\n");
        } else {
            ctx.close();
        }
    }
}
