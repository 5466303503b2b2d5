package dev.gatehouse.routing;

import java.util.List;

/**
 * Request rate and concurrency limits per client address and replica, as ingress-nginx's {@code limit-*} keys: a
 * request beyond them is answered with {@code status}.
 *
 * @param perSecond       requests per second per client address, 0 for no such limit
 * @param perMinute       requests per minute per client address, 0 for no such limit
 * @param connections     requests in flight at once per client address, 0 for no such limit
 * @param burstMultiplier how many times the rate may be exceeded in a burst (ingress-nginx's default is 5)
 * @param exempt          CIDR blocks or addresses the limits do not apply to
 * @param status          the status of a refused request (503 by default, as ingress-nginx; 429 recommended)
 */
public record RateLimit(int perSecond, int perMinute, int connections, int burstMultiplier, List<String> exempt, int status) {

    public RateLimit {
        if (perSecond < 0 || perMinute < 0 || connections < 0 || burstMultiplier < 1) {
            throw new IllegalArgumentException("rate limits must be 0 or more, and the burst multiplier 1 or more");
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("rate limit status " + status + " is out of range (expected 400-599)");
        }
        exempt = List.copyOf(exempt);
    }
}
