package dev.gatehouse.routing;

/**
 * A second cluster that takes part of a route's requests, as an ingress-nginx canary Ingress does. A request
 * goes to the canary when its {@code header} says so, else when its {@code cookie} says so, else by weight:
 * header first, then cookie, then weight.
 *
 * @param cluster       the canary's cluster
 * @param header        the request header that decides, or null: value {@code always} sends the request to the
 *                      canary, {@code never} keeps it off, anything else falls through to the cookie and weight
 *                      (unless {@code headerValue} or {@code headerPattern} is set, which then must match instead)
 * @param headerValue   the header value that selects the canary instead of {@code always}, or null
 * @param headerPattern a regular expression a header value selecting the canary must match entirely, or null
 *                      (ignored when {@code headerValue} is set)
 * @param cookie        the cookie that decides, or null: {@code always} sends to the canary, {@code never} keeps off
 * @param weight        requests out of {@code weightTotal} sent to the canary when neither header nor cookie decides
 * @param weightTotal   the total the weight is out of (100 by default)
 */
public record Canary(ClusterName cluster, String header, String headerValue, String headerPattern, String cookie, int weight,
                     int weightTotal) {

    public Canary {
        if (cluster == null) {
            throw new IllegalArgumentException("a canary needs a cluster");
        }
        if (weightTotal < 1 || weight < 0 || weight > weightTotal) {
            throw new IllegalArgumentException("canary weight " + weight + " of " + weightTotal
                    + " is out of range (expected 0 to the total, and a total of 1 or more)");
        }
    }
}
