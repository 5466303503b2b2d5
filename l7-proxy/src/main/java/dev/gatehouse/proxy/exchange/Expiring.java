package dev.gatehouse.proxy.exchange;

/**
 * What {@link ExchangeDeadlines} needs of the attempts whose deadlines it keeps ({@link AttemptLoop}): where the
 * exchange stands, and what to do when a deadline passes, which depends on that point (another attempt, a 504, a cut
 * answer).
 */
interface Expiring {

    ExchangeState state();

    /** Whether the request is still going out to an upstream that has not started answering. */
    boolean sending();

    /** Connecting failed, or timed out. */
    void connectFailed(boolean timedOut);

    /** The upstream refused request bytes for longer than the send timeout. */
    void sendTimedOut();

    /** The upstream stayed silent for longer than the read timeout. */
    void readTimedOut();
}
