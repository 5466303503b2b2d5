package dev.gatehouse.proxy.filter;

/** A request's place among its client's requests in flight ({@link RateLimiter}), or its refusal. */
public interface RequestSlot {

    /** The place of a request that no connection limit counts. */
    RequestSlot NONE = () -> { };

    /** The request ended; a second call does nothing. */
    void release();

    /** The status the request is refused with, or 0 when it may go on. */
    default int refusal() {
        return 0;
    }
}
