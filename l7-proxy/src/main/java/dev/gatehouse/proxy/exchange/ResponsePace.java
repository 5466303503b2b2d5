package dev.gatehouse.proxy.exchange;

import dev.gatehouse.routing.ResponseRate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pace of one answer on its way to the client under the route's {@link ResponseRate} (nginx's {@code limit_rate}
 * and {@code limit_rate_after}). The allowance is nginx's: {@code afterBytes} plus the rate times the seconds since the
 * answer began, the current one included. A piece of the body within it is written at once, with no timer; a piece
 * beyond it is held, the part the allowance covers written, and the upstream is not read while anything is held, so
 * the proxy keeps at most one upstream read of the answer. One wake-up at a time is scheduled on the connection's event
 * loop while something is held, for when about a quarter of a second's worth more may go.
 */
final class ResponsePace implements Runnable {

    private static final double NANOS_PER_SECOND = 1e9;
    /** Wake-ups are at least this far apart, however fast the rate. */
    private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ChannelHandlerContext ctx;
    private final ResponseRate rate;
    private final Supplier<Channel> upstream;
    private final Runnable upstreamDone;
    private final Consumer<ChannelFuture> lastWritten;
    private final ExchangeDeadlines deadlines;
    private final ArrayDeque<HttpContent> held = new ArrayDeque<>(4);
    private long start;
    private long sent;
    private ScheduledFuture<?> wake;
    private boolean ended;

    /**
     * @param upstream     the attempt's upstream connection, whose reading stops while something is held
     * @param upstreamDone told when the answer's last piece came from the upstream, before it is written
     * @param lastWritten  given the write of the answer's last piece, once it is written: the exchange then finishes
     */
    ResponsePace(ChannelHandlerContext ctx, ResponseRate rate, Supplier<Channel> upstream, Runnable upstreamDone,
                 Consumer<ChannelFuture> lastWritten, ExchangeDeadlines deadlines) {
        this.ctx = ctx;
        this.rate = rate;
        this.upstream = upstream;
        this.upstreamDone = upstreamDone;
        this.lastWritten = lastWritten;
        this.deadlines = deadlines;
    }

    /** Writes a piece of the answer to the client (the caller flushes), now or once the allowance covers it. */
    void write(HttpObject piece) {
        if (piece instanceof HttpResponse || !(piece instanceof HttpContent content)) {
            // the head starts the clock and goes at once, with the body of a response that carries it whole
            start = System.nanoTime();
            emit(piece, piece instanceof HttpContent whole ? whole.content().readableBytes() : 0);
            return;
        }
        if (content instanceof LastHttpContent) {
            upstreamDone.run();
        }
        held.add(content);
        if (held.size() == 1) {
            drain();
        }
    }

    /** Whether something is held: the upstream is then not read, whatever the client's connection says. */
    boolean holding() {
        return !held.isEmpty();
    }

    /** The exchange ended: what is held is dropped and no wake-up is left behind. */
    void close() {
        ended = true;
        if (wake != null) {
            wake.cancel(false);
            wake = null;
        }
        HttpContent piece;
        while ((piece = held.poll()) != null) {
            piece.release();
        }
    }

    /** The wake-up: as much as the allowance now covers goes out. */
    @Override
    public void run() {
        wake = null;
        if (!ended) {
            drain();
            ctx.flush();
        }
    }

    private void drain() {
        long budget = allowance(System.nanoTime()) - sent;
        HttpContent next;
        while (!ended && (next = held.peek()) != null) {
            int size = next.content().readableBytes();
            if (size <= budget) {
                held.poll();
                budget -= size;
                emit(next, size);
            } else {
                if (budget > 0) {
                    ctx.write(new DefaultHttpContent(next.content().readRetainedSlice((int) budget)), ctx.voidPromise());
                    sent += budget;
                }
                break;
            }
        }
        if (ended) {
            return;
        }
        Channel up = upstream.get();
        if (held.isEmpty()) {
            deadlines.upstreamHeld(false);
            if (up != null) {
                up.config().setAutoRead(ctx.channel().isWritable());
            }
        } else {
            deadlines.upstreamHeld(true);
            if (up != null) {
                up.config().setAutoRead(false);
            }
            wakeFor(heldBytes());
        }
    }

    private void emit(HttpObject piece, int size) {
        sent += size;
        if (piece instanceof LastHttpContent) {
            lastWritten.accept(ctx.writeAndFlush(piece));
        } else {
            ctx.write(piece, ctx.voidPromise());
        }
    }

    private long heldBytes() {
        long bytes = 0;
        for (HttpContent piece : held) {
            bytes += piece.content().readableBytes();
        }
        return bytes;
    }

    /** Schedules the wake-up for when a quarter second's worth more, or all that is held, may go. */
    private void wakeFor(long heldBytes) {
        long step = Math.max(1, Math.min(heldBytes, rate.bytesPerSecond() / 4));
        long now = System.nanoTime();
        double missing = sent + step - allowance(now);
        long waitNanos = Math.max(MIN_WAIT_NANOS, (long) Math.ceil(missing * NANOS_PER_SECOND / rate.bytesPerSecond()));
        wake = ctx.executor().schedule(this, waitNanos, TimeUnit.NANOSECONDS);
    }

    /** What may have been sent by {@code now}: nginx counts the current second as allowed already. */
    private long allowance(long now) {
        double seconds = (now - start) / NANOS_PER_SECOND + 1;
        double allowed = rate.afterBytes() + rate.bytesPerSecond() * seconds;
        return allowed >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) allowed;
    }
}
