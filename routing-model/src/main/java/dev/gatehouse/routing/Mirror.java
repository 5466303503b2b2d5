package dev.gatehouse.routing;

/**
 * A fire-and-forget copy of each request sent to another URL, as ingress-nginx's {@code mirror-target}; the copy's
 * answer is discarded and never delays or changes the client's.
 *
 * @param target the absolute http or https URL copies go to; nginx's {@code $request_uri} in it stands for the
 *               request's target (path and query)
 * @param body   whether copies carry the request body
 * @param host   the Host header of the copies, or null for the target's host
 * @param copied how many requests of {@code outOf} are copied, chosen at random (Gateway API's {@code percent} and
 *               {@code fraction}); every one when they are equal
 * @param outOf  what {@code copied} counts in: 1 or more
 */
public record Mirror(String target, boolean body, String host, int copied, int outOf) {

    /** A copy of every request. */
    public Mirror(String target, boolean body, String host) {
        this(target, body, host, 1, 1);
    }

    public Mirror {
        if (outOf < 1 || copied < 0 || copied > outOf) {
            throw new IllegalArgumentException("mirror share " + copied + "/" + outOf + " is out of range (expected 0 to the "
                    + "total, and a total of 1 or more)");
        }
        if (target == null || !(target.startsWith("http://") || target.startsWith("https://"))
                || target.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("mirror target \"" + target + "\" must be an http or https URL without spaces");
        }
        if (host != null && (host.isEmpty() || host.chars().anyMatch(c -> c <= 0x20 || c == 0x7f))) {
            throw new IllegalArgumentException("mirror host \"" + host + "\" must be a host name without spaces");
        }
    }

    /** Whether every request is copied. */
    public boolean everyRequest() {
        return copied == outOf;
    }
}
