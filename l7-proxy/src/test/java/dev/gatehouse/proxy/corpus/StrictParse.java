package dev.gatehouse.proxy.corpus;

import java.util.List;

/**
 * What a strict parser finds in a byte stream: the complete requests it holds, in order, and how the stream
 * ends after them.
 *
 * @param requests the complete, valid requests
 * @param ending   whether the rest is nothing, a message cut short, or invalid
 * @param reason   why the stream is invalid or incomplete; empty when complete
 * @param pending  request line ({@code method target}) of the message the parser stopped in; empty if none
 */
public record StrictParse(List<SeenRequest> requests, Ending ending, String reason, String pending) {

    /** How a byte stream ends after its complete requests. */
    public enum Ending { COMPLETE, INCOMPLETE, INVALID }

    public String summary() {
        String count = requests.size() + (requests.size() == 1 ? " request" : " requests");
        return switch (ending) {
            case COMPLETE -> count;
            case INCOMPLETE -> count + ", then cut short (" + reason + ")";
            case INVALID -> (requests.isEmpty() ? "" : count + ", then ") + "invalid: " + reason;
        };
    }
}
