package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.filter.RequestSlot;
import dev.gatehouse.proxy.filter.RouteFilters;

/**
 * What a client connection keeps of the request in hand (one at a time; pipelined ones wait): its place in its route's
 * rate limit, given back however the request ends, and the filters of its forwarding route, whose response and CORS
 * headers the proxy's own answers carry as the upstream's do.
 */
final class RequestInHand {

    private RequestSlot slot = RequestSlot.NONE;
    private RouteFilters answering;

    /** A new request is in hand; {@code filters} are its route's, or null when it does not forward. */
    void routed(RouteFilters filters) {
        answering = filters;
    }

    RouteFilters answering() {
        return answering;
    }

    /** Keeps the request's place in its route's rate limit until the request ends. */
    void hold(RequestSlot held) {
        slot = held;
    }

    /** The request ended (answered, failed or abandoned): its place in the rate limit is free. */
    void release() {
        slot.release();
        slot = RequestSlot.NONE;
    }

    /** The request became a tunnel, which takes its place in the rate limit and gives it back when it closes. */
    RequestSlot handOver() {
        RequestSlot held = slot;
        slot = RequestSlot.NONE;
        return held;
    }
}
