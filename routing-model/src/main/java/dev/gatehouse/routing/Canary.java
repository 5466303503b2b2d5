package dev.gatehouse.routing;

/**
 * A second cluster that takes part of a route's requests, as an ingress-nginx canary Ingress does. A request
 * goes to the canary when its {@code header} says so, else when its {@code cookie} says so, else by weight:
 * header first, then cookie, then weight.
 *
 * @param cluster       the canary's cluster
 * @param header        the request header that decides, or null: value {@code always} sends the request to the
 *                      canary, {@code never} keeps it off, anything else falls through to the cookie and weight.
 *                      When {@code headerValue} or {@code headerPattern} is set, only a value they select sends the
 *                      request to the canary, and every other value (even {@code never}) falls through
 * @param headerValue   the header value that selects the canary instead of {@code always}, or null
 * @param headerPattern a regular expression (RE2 syntax, matched in linear time) found in a header value that selects
 *                      the canary, or null; as with ingress-nginx it may match anywhere in the value, so {@code ^...$}
 *                      anchors it to the whole value. Ignored when {@code headerValue} is set. A pattern that is not
 *                      an RE2 expression cannot be matched: every request carrying the header then goes to the main
 *                      cluster, as ingress-nginx answers a match that fails with an error, and only requests without
 *                      the header go on to the cookie and weight
 * @param cookie        the cookie that decides, or null: {@code always} sends to the canary, {@code never} keeps off
 * @param weight        requests out of {@code weightTotal} sent to the canary when neither header nor cookie decides
 * @param weightTotal   the total the weight is out of (100 by default)
 * @param filters       the filters of the requests the canary takes, instead of the route's, or null for the route's
 *                      (Gateway API's backendRef filters: each backend of a rule may change requests its own way)
 */
public record Canary(ClusterName cluster, String header, String headerValue, String headerPattern, String cookie, int weight,
                     int weightTotal, RequestFilters filters) {

    /** A canary whose requests pass the route's filters. */
    public Canary(ClusterName cluster, String header, String headerValue, String headerPattern, String cookie, int weight,
                  int weightTotal) {
        this(cluster, header, headerValue, headerPattern, cookie, weight, weightTotal, null);
    }

    public Canary {
        if (cluster == null) {
            throw new IllegalArgumentException("a canary needs a cluster");
        }
        if (weightTotal < 1 || weight < 0 || weight > weightTotal) {
            throw new IllegalArgumentException("canary weight " + weight + " of " + weightTotal
                    + " is out of range (expected 0 to the total, and a total of 1 or more)");
        }
        if (header == null && (headerValue != null || headerPattern != null)) {
            throw new IllegalArgumentException("a canary header value or pattern needs the header it is compared with");
        }
    }
}
