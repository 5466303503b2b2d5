package dev.gatehouse.routing;

/**
 * A fire-and-forget copy of each request sent to another URL, as ingress-nginx's {@code mirror-target}; the copy's
 * answer is discarded and never delays or changes the client's.
 *
 * @param target the absolute http or https URL copies go to; nginx's {@code $request_uri} in it stands for the
 *               request's target (path and query)
 * @param body   whether copies carry the request body
 * @param host   the Host header of the copies, or null for the target's host
 */
public record Mirror(String target, boolean body, String host) {

    public Mirror {
        if (target == null || !(target.startsWith("http://") || target.startsWith("https://"))
                || target.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("mirror target \"" + target + "\" must be an http or https URL without spaces");
        }
        if (host != null && (host.isEmpty() || host.chars().anyMatch(c -> c <= 0x20 || c == 0x7f))) {
            throw new IllegalArgumentException("mirror host \"" + host + "\" must be a host name without spaces");
        }
    }
}
