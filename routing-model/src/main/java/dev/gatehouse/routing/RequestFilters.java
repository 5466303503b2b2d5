package dev.gatehouse.routing;

import java.util.List;

/**
 * What the edge checks and changes on a forwarded request, in this order: the client address against
 * {@code allowedSources} (403 otherwise), the credentials against {@code basicAuth} (401 otherwise), then
 * the rewrites on the way to the upstream and back.
 *
 * @param allowedSources  CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses) a client
 *                        address must be in; empty for every client. The client address is the one after PROXY
 *                        protocol and trusted forwarded headers
 * @param basicAuth       HTTP basic authentication, or null for none
 * @param pathRewrite     how the request path changes before it goes upstream, or null for not at all
 * @param upstreamHost    the Host header sent upstream instead of the client's, or null to keep the client's
 * @param locationRewrite how a {@code Location} response header changes on its way back, or null for not at all
 */
public record RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                             LocationRewrite locationRewrite) {

    /** Nothing checked, nothing changed. */
    public static final RequestFilters NONE = new RequestFilters(List.of(), null, null, null, null);

    public RequestFilters {
        allowedSources = List.copyOf(allowedSources);
        if (upstreamHost != null && upstreamHost.isEmpty()) {
            throw new IllegalArgumentException("the upstream host must not be empty (expected a host name, or null to keep the client's)");
        }
    }

    /** Whether every request passes unchanged. */
    public boolean none() {
        return equals(NONE);
    }
}
