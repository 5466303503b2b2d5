package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.downstream.DownstreamHandler;
import dev.gatehouse.proxy.filter.RequestSlot;
import dev.gatehouse.proxy.net.DeadlineTimer;

/**
 * What an exchange needs of the client connection (or HTTP/2 stream) it answers. The seam between the exchange and
 * the downstream pipeline above it: {@link Exchange} knows only this of {@link DownstreamHandler}.
 */
public interface Downstream {

    /** The connection's timer, shared by its exchanges. */
    DeadlineTimer deadlines();

    /** The upstream can take no more of the request body for now (or can again): stop (or resume) reading the client. */
    void upstreamBlocked(boolean blocked);

    /**
     * The exchange has answered.
     *
     * @param requestComplete whether the client sent all of its request (else the rest is discarded)
     * @param close           whether the connection closes after the answer
     */
    void exchangeFinished(boolean requestComplete, boolean close);

    /**
     * The exchange turns the connection into a tunnel: the downstream stops handling it and hands over the request's
     * place in its rate limit, which the tunnel gives back when it closes.
     */
    RequestSlot upgraded();
}
