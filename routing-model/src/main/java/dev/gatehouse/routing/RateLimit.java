package dev.gatehouse.routing;

import java.util.List;

/**
 * Request rate and concurrency limits per client address and replica, as ingress-nginx's {@code limit-*} keys: a
 * request beyond them is answered with {@code status}. The rates are nginx's leaky buckets with a burst of
 * {@code rate × burstMultiplier} and no delay: within the burst a request passes at once, beyond it it is refused.
 * Every route with an equal limit shares its state, so the translator gives all routes of one Ingress the same
 * {@code zone}, as ingress-nginx gives each Ingress its own zones.
 *
 * @param zone            whose limit it is, such as the Ingress {@code default/web}: routes of different zones never
 *                        share their counts, even with equal numbers
 * @param perSecond       requests per second per client address, 0 for no such limit
 * @param perMinute       requests per minute per client address, 0 for no such limit
 * @param connections     requests in flight at once per client address, 0 for no such limit
 * @param burstMultiplier how many times the rate may be exceeded in a burst (ingress-nginx's default is 5)
 * @param exempt          CIDR blocks or addresses the limits do not apply to
 * @param status          the status of a request refused by a rate (503 by default, as ingress-nginx's
 *                        {@code limit-req-status-code}; 429 recommended)
 * @param connectionStatus the status of a request refused by the connection limit (503 by default, as
 *                        ingress-nginx's {@code limit-conn-status-code})
 * @param refuseAll       every request from a client that is not exempt is refused: what a limit that could not be
 *                        read becomes, rather than no limit at all
 */
public record RateLimit(String zone, int perSecond, int perMinute, int connections, int burstMultiplier, List<String> exempt,
                        int status, int connectionStatus, boolean refuseAll) {

    /** ingress-nginx's {@code limit-burst-multiplier} default. */
    public static final int DEFAULT_BURST_MULTIPLIER = 5;

    public RateLimit {
        if (zone == null || zone.isEmpty()) {
            throw new IllegalArgumentException("a rate limit needs a zone (expected e.g. the Ingress default/web)");
        }
        if (perSecond < 0 || perMinute < 0 || connections < 0 || burstMultiplier < 1) {
            throw new IllegalArgumentException("rate limits must be 0 or more, and the burst multiplier 1 or more");
        }
        if (status < 400 || status > 599 || connectionStatus < 400 || connectionStatus > 599) {
            throw new IllegalArgumentException("rate limit statuses " + status + " and " + connectionStatus
                    + " must be error statuses (expected 400-599)");
        }
        exempt = List.copyOf(exempt);
    }

    /** Whether it limits anything at all. */
    public boolean limits() {
        return refuseAll || perSecond > 0 || perMinute > 0 || connections > 0;
    }
}
