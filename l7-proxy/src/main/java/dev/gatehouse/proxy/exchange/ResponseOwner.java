package dev.gatehouse.proxy.exchange;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What {@link ResponseRelay} reports to the exchange whose answer it relays: how the answer moves on, and the endings
 * it reaches. The exchange keeps its one state and ends itself, in one place, however the answer ends.
 */
interface ResponseOwner {

    /** Where the exchange stands. */
    ExchangeState state();

    /** The answer moved on without ending the exchange (to INTERIM, AWAITING, REPLACING or RESPONDING). */
    void advance(ExchangeState next);

    /** The upstream accepted the upgrade with this 101: the connections become a tunnel. */
    void switched(HttpResponse response);

    /** The answer replaced by an error page is all in (or given up on). */
    void replaced();

    /** The answer's last piece is on its way to the client. */
    void relayed(ChannelFuture lastWrite);
}
