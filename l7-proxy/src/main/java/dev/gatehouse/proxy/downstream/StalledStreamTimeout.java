package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.net.DeadlineTimer;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * Resets an HTTP/2 stream whose writes made no progress for the stall timeout: a client that never opens its
 * flow-control window would otherwise hold the stream, its upstream connection and the buffered response forever.
 * A write completes when its bytes went out to the connection, so "no write completed while one is pending" is the
 * stall, whichever window (the stream's or the connection's) is closed. First in each stream's pipeline; the check
 * runs on the connection's {@link DeadlineTimer}, which all its streams share, so a stream schedules no task of its own.
 */
final class StalledStreamTimeout extends ChannelDuplexHandler implements Runnable {

    private final long timeoutNanos;
    private final CounterDataPoint stalled;
    private final DeadlineTimer timer;
    private ChannelHandlerContext ctx;
    private int pending;
    private long lastProgress;

    StalledStreamTimeout(long timeoutNanos, CounterDataPoint stalled, DeadlineTimer timer) {
        this.timeoutNanos = timeoutNanos;
        this.stalled = stalled;
        this.timer = timer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (pending++ == 0) {
            lastProgress = System.nanoTime();
            timer.arm(lastProgress + timeoutNanos, this);
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

    @Override
    public void run() {
        if (pending == 0) {
            return;
        }
        if (System.nanoTime() - lastProgress < timeoutNanos) {
            timer.arm(lastProgress + timeoutNanos, this);
        } else {
            stalled.inc();
            ctx.close();
        }
    }

    private void cancel() {
        timer.disarm(this);
    }
}
