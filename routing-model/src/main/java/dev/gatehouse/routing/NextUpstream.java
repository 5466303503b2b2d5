package dev.gatehouse.routing;

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
 */
public record NextUpstream(boolean error, boolean timeout, boolean invalidHeader, Set<Integer> statuses, boolean nonIdempotent) {

    /** What the proxy does unless told otherwise: a connection error, a timeout or an unreadable answer. */
    public static final NextUpstream DEFAULT = new NextUpstream(true, true, true, Set.of(), false);

    /** Never another endpoint. */
    public static final NextUpstream OFF = new NextUpstream(false, false, false, Set.of(), false);

    public NextUpstream {
        statuses = Set.copyOf(statuses);
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
