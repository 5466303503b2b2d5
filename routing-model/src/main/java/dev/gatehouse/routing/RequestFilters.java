package dev.gatehouse.routing;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param deniedSources   CIDR blocks or addresses whose clients get 403 even when the allow list lets them in
 * @param requestHeaders  headers set on the request sent upstream (replacing the client's of the same name), by
 *                        lower-case name; names and values are checked tokens and text, never configuration
 */
public record RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                             LocationRewrite locationRewrite, List<String> deniedSources, Map<String, String> requestHeaders) {

    /** Nothing checked, nothing changed. */
    public static final RequestFilters NONE = new RequestFilters(List.of(), null, null, null, null);

    /** Filters without a deny list or request headers. */
    public RequestFilters(List<String> allowedSources, BasicAuth basicAuth, PathRewrite pathRewrite, String upstreamHost,
                          LocationRewrite locationRewrite) {
        this(allowedSources, basicAuth, pathRewrite, upstreamHost, locationRewrite, List.of(), Map.of());
    }

    public RequestFilters {
        allowedSources = List.copyOf(allowedSources);
        deniedSources = List.copyOf(deniedSources);
        Map<String, String> headers = new TreeMap<>();
        requestHeaders.forEach((name, value) -> {
            if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9a-z-]+") || value == null
                    || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("request header \"" + name + "\" must be a lower-case token with a value "
                        + "without control characters");
            }
            headers.put(name, value);
        });
        requestHeaders = Collections.unmodifiableMap(headers);
        if (upstreamHost != null && upstreamHost.isEmpty()) {
            throw new IllegalArgumentException("the upstream host must not be empty (expected a host name, or null to keep the client's)");
        }
    }

    /** Whether every request passes unchanged. */
    public boolean none() {
        return equals(NONE);
    }
}
