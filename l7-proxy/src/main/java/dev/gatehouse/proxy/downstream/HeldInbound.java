package dev.gatehouse.proxy.downstream;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * What a downstream connection has read but not yet handed on, and whether it reads more. A request that arrives while
 * one is in flight waits here, in order, with what follows it; so does what arrives while a filter's verdict is being
 * computed. The channel reads on its own only while nothing waits, no verdict is pending, the upstream can take more of
 * a request body and the connection is not closing.
 */
final class HeldInbound {

    private final ArrayDeque<HttpObject> held = new ArrayDeque<>(4);
    private final Channel channel;
    private boolean closing;
    private boolean verifying;
    private boolean upstreamBlocked;

    HeldInbound(Channel channel) {
        this.channel = channel;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    void hold(HttpObject piece) {
        held.add(piece);
        updateReading();
    }

    /** The next piece to hand on, left in place; null when none waits. */
    HttpObject peek() {
        return held.peek();
    }

    HttpObject poll() {
        return held.poll();
    }

    boolean closing() {
        return closing;
    }

    /** Nothing more is read or handed on: what waited is released. */
    void close() {
        closing = true;
        releaseAll();
    }

    boolean verifying() {
        return verifying;
    }

    /** A filter's verdict is (or is no longer) being computed; the caller updates reading when it is ready to. */
    void verifying(boolean pending) {
        verifying = pending;
    }

    /** The upstream can take no more of the request body (or can again); the caller updates reading. */
    void upstreamBlocked(boolean blocked) {
        upstreamBlocked = blocked;
    }

    void updateReading() {
        boolean read = !closing && !verifying && held.isEmpty() && !upstreamBlocked;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    void releaseAll() {
        HttpObject queued;
        while ((queued = held.poll()) != null) {
            ReferenceCountUtil.release(queued);
        }
    }
}
