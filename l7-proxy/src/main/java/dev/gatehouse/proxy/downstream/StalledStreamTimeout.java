package dev.gatehouse.proxy.downstream;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.concurrent.TimeUnit;

/**
 * Resets an HTTP/2 stream whose writes made no progress for the stall timeout: a client that never opens its
 * flow-control window would otherwise hold the stream, its upstream connection and the buffered response forever.
 * A write completes when its bytes went out to the connection, so "no write completed while one is pending" is the
 * stall, whichever window (the stream's or the connection's) is closed. First in each stream's pipeline.
 */
final class StalledStreamTimeout extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private final CounterDataPoint stalled;
    private int pending;
    private long lastProgress;
    private Future<?> check;

    StalledStreamTimeout(long timeoutNanos, CounterDataPoint stalled) {
        this.timeoutNanos = timeoutNanos;
        this.stalled = stalled;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (pending++ == 0) {
            lastProgress = System.nanoTime();
            schedule(ctx, timeoutNanos);
        }
        ChannelPromise tracked = promise.unvoid();
        tracked.addListener(done -> {
            lastProgress = System.nanoTime();
            if (--pending == 0) {
                cancel();
            }
        });
        ctx.write(msg, tracked);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        cancel();
        check = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        check = null;
        if (pending == 0) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle < timeoutNanos) {
            schedule(ctx, timeoutNanos - idle);
        } else {
            stalled.inc();
            ctx.close();
        }
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
