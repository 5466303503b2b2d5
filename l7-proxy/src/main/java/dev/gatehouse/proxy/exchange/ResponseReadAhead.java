package dev.gatehouse.proxy.exchange;

import dev.gatehouse.routing.Buffering;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;

/**
 * How far the upstream's answer is read ahead of the client ({@code proxy-buffering}). Off, the upstream is read only
 * while the client connection takes more, so a slow client slows the upstream down. On, the upstream is read while
 * the bytes written for the client and not yet taken stay within the route's bound: an answer within it is in
 * whole while the client still reads, and its upstream connection is free again.
 */
final class ResponseReadAhead {

    // off keeps no state, so every exchange of a route without proxy-buffering shares it
    private static final ResponseReadAhead OFF = new ResponseReadAhead(-1, null);

    private final long bound;
    private final Runnable drained;
    private long waiting;

    /** @param drained called when the client took enough that the upstream may be read again */
    private ResponseReadAhead(long bound, Runnable drained) {
        this.bound = bound;
        this.drained = drained;
    }

    static ResponseReadAhead of(Buffering buffering, Runnable drained) {
        return buffering.responses() ? new ResponseReadAhead(buffering.responseBytes(), drained) : OFF;
    }

    /** Writes a piece of the answer (not its end) for the client, not flushed. */
    void write(ChannelHandlerContext ctx, HttpObject piece) {
        if (bound < 0 || !(piece instanceof HttpContent content)) {
            ctx.write(piece, ctx.voidPromise());
            return;
        }
        int bytes = content.content().readableBytes();
        waiting += bytes;
        ctx.write(piece).addListener(written -> taken(bytes));
    }

    private void taken(int bytes) {
        boolean wasFull = waiting > bound;
        waiting -= bytes;
        if (wasFull && waiting <= bound) {
            drained.run();
        }
    }

    /** Whether the upstream should stop being read until the client catches up. */
    boolean full(Channel client) {
        return bound < 0 ? !client.isWritable() : waiting > bound;
    }
}
