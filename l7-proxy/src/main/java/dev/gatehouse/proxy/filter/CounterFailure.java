package dev.gatehouse.proxy.filter;

/**
 * Why a global rate limit's counter could not be read: the request then passes (fail open) and the reason is counted. The
 * reasons are a fixed set, so they can label a metric and a rate-limited log line.
 */
final class CounterFailure extends Exception {

    static final String UNREACHABLE = "unreachable";
    static final String TIMEOUT = "timeout";
    static final String ANSWER = "answer";
    static final String BUSY = "busy";

    private final String reason;

    CounterFailure(String reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
