package dev.gatehouse.proxy.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule for Gatehouse's outcome of an entry. (1) What reaches the upstream is exactly the first k
 * requests the strict parser sees (k may be 0: a refusal before any byte), never a request it does not see,
 * a different body, target or host, or bytes that are no valid request; the one tolerance is that the next
 * message may reach the upstream as an incomplete message cut by
 * the close, never complete; the same holds for a message Gatehouse refuses mid-stream for a limit (a streamed
 * body whose fault or size shows late). (2) Gatehouse sends the upstream no more messages of an entry than the
 * more permissive of nginx and HAProxy: nothing that both refuse.
 */
public final class Verdict {

    private Verdict() {
    }

    public static List<String> problems(StrictParse strict, ProxyOutcome gatehouse, ProxyOutcome nginx, ProxyOutcome haproxy) {
        List<String> problems = new ArrayList<>();
        List<SeenRequest> forwarded = gatehouse.forwarded();
        List<SeenRequest> seen = strict.requests();
        for (int i = 0; i < forwarded.size(); i++) {
            if (i >= seen.size()) {
                problems.add("forwarded request " + (i + 1) + " (" + forwarded.get(i).summary() + ") that the strict parser does not see");
            } else if (!seen.get(i).sameAs(forwarded.get(i))) {
                problems.add("forwarded request " + (i + 1) + " as " + forwarded.get(i) + " but the strict parser reads " + seen.get(i));
            }
        }
        List<UpstreamConnection> connections = gatehouse.upstream();
        for (int c = 0; c < connections.size(); c++) {
            StrictParse parse = connections.get(c).parse();
            if (parse.ending() == StrictParse.Ending.INVALID) {
                problems.add("sent the upstream bytes that are no valid request (" + parse.reason() + ")");
            } else if (parse.ending() == StrictParse.Ending.INCOMPLETE && !toleratedCut(strict, forwarded, parse.pending(), c == connections.size() - 1)) {
                problems.add("left a message cut short at the upstream (" + parse.pending() + ": " + parse.reason() + ")");
            }
        }
        int peers = Math.max(nginx.messagesUpstream(), haproxy.messagesUpstream());
        if (gatehouse.messagesUpstream() > peers) {
            problems.add("sent the upstream " + gatehouse.messagesUpstream() + " message(s) where nginx and HAProxy send at most " + peers);
        }
        return problems;
    }

    static boolean matchesPrefix(List<SeenRequest> forwarded, List<SeenRequest> seen) {
        if (forwarded.size() > seen.size()) {
            return false;
        }
        for (int i = 0; i < forwarded.size(); i++) {
            if (!seen.get(i).sameAs(forwarded.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A message cut short is harmless when it is the last thing sent, follows only requests the strict parser
     * sees, and is the start of the next message the strict parser reads (a refusal that came mid-stream).
     */
    private static boolean toleratedCut(StrictParse strict, List<SeenRequest> forwarded, String cutRequestLine, boolean last) {
        if (!last || !matchesPrefix(forwarded, strict.requests())) {
            return false;
        }
        String next = forwarded.size() < strict.requests().size()
                ? strict.requests().get(forwarded.size()).method()
                : method(strict.pending());
        return !next.isEmpty() && method(cutRequestLine).equals(next);
    }

    private static String method(String requestLine) {
        int space = requestLine.indexOf(' ');
        return space < 0 ? requestLine : requestLine.substring(0, space);
    }
}
