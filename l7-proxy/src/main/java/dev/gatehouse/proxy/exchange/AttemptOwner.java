package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.upstream.UpstreamHandler;

/**
 * What {@link AttemptLoop} reports to the exchange whose attempts it runs. The seam keeps the loop free of the
 * exchange's answer and error-page handling, and the two classes out of a cycle.
 */
interface AttemptOwner {

    /** Where the exchange stands: an attempt whose exchange has ended lets its connection go. */
    ExchangeState state();

    /** A new attempt starts: the exchange waits for its connection. */
    void connecting();

    /** The current attempt has its connection (or stream): the request goes out on it. */
    void attached(UpstreamHandler upstream);

    /**
     * No attempt is left, or the one under way failed in a way no other attempt can mend: the client gets the proxy's
     * own answer.
     *
     * @param mustClose whether the client connection closes after it (the request's body cannot be trusted to end)
     */
    void fail(int status, String detail, boolean mustClose);

    /** The upstream failed mid-answer: the client sees a truncated response rather than a wrong one. */
    void abort();

    /** The upstream failed while its answer was being replaced by a page, which needs no more of it. */
    void replaced();
}
