package dev.gatehouse.proxy.corpus;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a client saw after sending one corpus entry.
 *
 * @param statuses the status codes answered, interim ones included, in order
 * @param end      how the exchange ended
 */
public record ClientOutcome(List<Integer> statuses, End end) {

    /** How the exchange ended. */
    public enum End {
        /** every request the strict parser found was answered; the connection may stay open */
        ANSWERED,
        /** the proxy closed the connection */
        CLOSED,
        /** the proxy reset the connection */
        RESET,
        /** the proxy fell silent without closing: no answer within a second, or none more after an answer */
        SILENT,
        /** the proxy answered with something that is not HTTP/1 (an HTTP/2 frame, for example) */
        NOT_HTTP1
    }

    public String summary() {
        String codes = statuses.stream().map(String::valueOf).collect(Collectors.joining(" "));
        String ending = switch (end) {
            case ANSWERED -> "";
            case CLOSED -> "closed";
            case RESET -> "reset";
            case SILENT -> statuses.isEmpty() ? "no answer" : "kept open";
            case NOT_HTTP1 -> "non-HTTP/1 answer";
        };
        return (codes + " " + ending).strip();
    }
}
