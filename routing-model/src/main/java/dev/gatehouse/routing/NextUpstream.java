package dev.gatehouse.routing;

import java.time.Duration;
import java.util.Set;

/**
 * When a request that failed on one endpoint is tried on another (ingress-nginx's {@code proxy-next-upstream}),
 * within the route's attempt limit. A request is tried again only before any response byte reached the client
 * and only when it has no body: the proxy streams bodies and keeps none to replay.
 *
 * @param error         connecting failed, or the connection broke before any response byte
 * @param timeout       connecting, or waiting for the response head, took longer than its timeout
 * @param invalidHeader the upstream answered something that is not an HTTP response
 * @param statuses      response statuses that make the request go to another endpoint (the answer is dropped)
 * @param nonIdempotent whether POST, PATCH and CONNECT requests may be tried again too
 * @param sameEndpoint  whether, once every endpoint was tried, the next attempt may go to one tried already (Gateway API's
 *                      {@code retry}); otherwise the answer in hand, or the failure, is the client's
 * @param backoff       how long to wait before each attempt after the first, or null to start it at once
 */
public record NextUpstream(boolean error, boolean timeout, boolean invalidHeader, Set<Integer> statuses, boolean nonIdempotent,
                           boolean sameEndpoint, Duration backoff) {

    /** What the proxy does unless told otherwise: a connection error, a timeout or an unreadable answer. */
    public static final NextUpstream DEFAULT = new NextUpstream(true, true, true, Set.of(), false);

    /** Never another endpoint. */
    public static final NextUpstream OFF = new NextUpstream(false, false, false, Set.of(), false);

    /** Another endpoint each time, at once, as ingress-nginx's {@code proxy-next-upstream}. */
    public NextUpstream(boolean error, boolean timeout, boolean invalidHeader, Set<Integer> statuses, boolean nonIdempotent) {
        this(error, timeout, invalidHeader, statuses, nonIdempotent, false, null);
    }

    public NextUpstream {
        statuses = Set.copyOf(statuses);
        if (backoff != null && (backoff.isNegative() || backoff.isZero())) {
            throw new IllegalArgumentException("retry backoff " + backoff + " must be positive (null for none)");
        }
        for (int status : statuses) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("next-upstream status " + status + " is not an error status (expected 400-599)");
            }
        }
    }

    /** Whether an answer with {@code status} goes to another endpoint. */
    public boolean retriesStatus(int status) {
        return !statuses.isEmpty() && statuses.contains(status);
    }
}
