package dev.gatehouse.proxy.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * One proxy's handling of one corpus entry: what the client saw and what reached the upstream.
 *
 * @param client   the answers and how the connection ended
 * @param upstream the upstream connections the proxy opened for the entry, in the order accepted
 */
public record ProxyOutcome(ClientOutcome client, List<UpstreamConnection> upstream) {

    /** The complete requests that reached the upstream, over all connections. */
    public List<SeenRequest> forwarded() {
        return upstream.stream().flatMap(c -> c.parse().requests().stream()).toList();
    }

    /** Whether any byte reached the upstream. */
    public boolean reachedUpstream() {
        return upstream.stream().anyMatch(c -> !c.bytes().isEmpty());
    }

    /** Messages that reached the upstream: complete requests, and each message cut short or invalid. */
    public int messagesUpstream() {
        int broken = (int) upstream.stream()
                .filter(c -> !c.bytes().isEmpty() && c.parse().ending() != StrictParse.Ending.COMPLETE).count();
        return forwarded().size() + broken;
    }

    /** A table cell: the answers, then what the upstream got, marked where it differs from the strict reading. */
    public String summary(StrictParse strict) {
        String answer = client.summary();
        List<SeenRequest> forwarded = forwarded();
        List<String> parts = new ArrayList<>();
        if (!reachedUpstream()) {
            parts.add("nothing upstream");
        }
        if (!forwarded.isEmpty()) {
            parts.add(forwarded.size() + (forwarded.size() == 1 ? " request upstream" : " requests upstream")
                    + (Verdict.matchesPrefix(forwarded, strict.requests()) ? "" : " (differs)"));
        }
        upstream.stream().map(UpstreamConnection::parse).filter(p -> p.ending() == StrictParse.Ending.INCOMPLETE)
                .findFirst().ifPresent(p -> parts.add("a message cut short upstream"));
        upstream.stream().map(UpstreamConnection::parse).filter(p -> p.ending() == StrictParse.Ending.INVALID)
                .findFirst().ifPresent(p -> parts.add("an invalid message upstream (" + p.reason() + ")"));
        return (answer.isEmpty() ? "" : answer + "; ") + String.join(" + ", parts);
    }
}
