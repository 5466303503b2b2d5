package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.http.LocalResponses;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RequestFilter}'s decision: pass the request on, answer it, or wait for a decision computed elsewhere.
 *
 * @param answer  the answer, when the filter answers
 * @param pending the decision to come, when the filter suspends the request; it completes normally, never with an
 *                exception (a failed check is an answer, such as 500)
 */
public record Verdict(Answer answer, CompletableFuture<Verdict> pending) {

    static final Verdict PASS = new Verdict(null, null);

    public static Verdict answer(int status, String reason) {
        return new Verdict(new Answer(status, LocalResponses.text(status, reason), null, null, null, false), null);
    }

    public static Verdict answer(Answer answer) {
        return new Verdict(answer, null);
    }

    public static Verdict later(CompletableFuture<Verdict> pending) {
        return new Verdict(null, pending);
    }

    boolean passes() {
        return answer == null && pending == null;
    }

    /**
     * An answer of the proxy's own.
     *
     * @param header  a header the answer needs (Location, WWW-Authenticate), or null
     * @param headers the answer's further headers, or null for the route's response and CORS headers
     * @param close   whether the connection closes after the answer (the request's body is not read)
     */
    public record Answer(int status, String body, CharSequence header, CharSequence value, HttpHeaders headers, boolean close) {
    }
}
