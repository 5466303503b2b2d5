package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.routing.ProxyTuning;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * nginx's {@code client_body_timeout} for one HTTP/1 connection or HTTP/2 stream: while a request body is being read, the
 * client may send nothing for at most the timeout between two reads (not for the whole body, however long it is); then
 * it gets 408, or, once its answer has begun, the connection (stream) closes, and the exchange ends with it, its
 * upstream connection let go. Time while the proxy itself does not read (the upstream takes no more of a streamed body, a
 * filter's verdict is pending) is not the client's silence. As Netty's {@code IdleStateHandler}, a read only notes the
 * time; one check at a time is scheduled, while a body is being read, and moves itself to the last read's deadline.
 */
final class BodyReadTimeout extends ChannelDuplexHandler implements Runnable {

    static final String NAME = "body-timeout";

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    // a request body is due from the client
    private boolean reading;
    // the request asked for 100 Continue, which has not gone out: the client waits for it, not the other way round
    private boolean awaitingContinue;
    // the current request's answer has begun: a 408 can no longer be sent
    private boolean answered;
    private long lastRead;
    private ScheduledFuture<?> check;

    BodyReadTimeout(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** The live snapshot's {@code client-body-timeout}, read once per client connection, as the other tuning is. */
    static long timeoutNanos(ProxyContext proxy) {
        return proxy.live().snapshot().tuning().map(ProxyTuning::clientBodyTimeout)
                .orElse(ProxyTuning.DEFAULTS.clientBodyTimeout()).toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof HttpRequest request) {
            answered = false;
            boolean body = !(msg instanceof LastHttpContent);
            awaitingContinue = body && HttpUtil.is100ContinueExpected(request);
            reading = body && !awaitingContinue;
            lastRead = System.nanoTime();
        } else if (msg instanceof HttpContent) {
            // a client may send its body without waiting for 100 Continue
            reading = !(msg instanceof LastHttpContent);
            awaitingContinue = false;
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        // a request without a body arrives whole in one read: no check is ever scheduled for it
        if (reading) {
            lastRead = System.nanoTime();
            schedule(timeoutNanos);
        }
        context.fireChannelReadComplete();
    }

    /** The proxy asks for more of the client's bytes (again): its clock starts now. */
    @Override
    public void read(ChannelHandlerContext context) {
        if (reading) {
            lastRead = System.nanoTime();
        }
        context.read();
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                answered = true;
                // answered before the client sent its body: it need not send it
                awaitingContinue = false;
            } else if (awaitingContinue && response.status().code() == HttpResponseStatus.CONTINUE.code()) {
                awaitingContinue = false;
                reading = true;
                lastRead = System.nanoTime();
                schedule(timeoutNanos);
            }
        }
        context.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        stop();
        context.fireChannelInactive();
    }

    @Override
    public void run() {
        check = null;
        if (!reading || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (!ctx.channel().config().isAutoRead()) {
            // the proxy holds the client back: not the client's silence
            lastRead = now;
        }
        long left = lastRead + timeoutNanos - now;
        if (left > 0) {
            schedule(left);
            return;
        }
        reading = false;
        PeerFailures.count(ctx.channel(), "timeout", "the client sent nothing of the request body for the body timeout");
        if (answered) {
            ctx.close();
        } else {
            RequestTimeout.answer(ctx, "408 Request Timeout: the request body stopped arriving\n");
        }
    }

    private void schedule(long delayNanos) {
        if (check == null) {
            check = ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stop() {
        reading = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
