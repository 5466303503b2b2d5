package dev.gatehouse.proxy.exchange;

/** Where an {@link Exchange} stands; every ending goes through {@link #ENDED}. */
enum ExchangeState {
    /** The current attempt waits for an upstream connection. */
    CONNECTING,
    /** The request goes (or went) out; no answer yet. */
    AWAITING,
    /** Dropping the body of a 1xx interim answer. */
    INTERIM,
    /** The answer's head went to the client; its body streams. */
    RESPONDING,
    /** An answer with a custom error status is dropped, body and all, for the error page. */
    REPLACING,
    /** Ended: answered, failed, tunnelled, handed to an error page's exchange, or abandoned by the client. */
    ENDED
}
