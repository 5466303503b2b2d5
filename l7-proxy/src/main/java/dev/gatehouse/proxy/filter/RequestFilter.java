package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.downstream.DownstreamHandler;

/**
 * One check a request to a forwarding route passes before it goes upstream: CORS preflight, global rate limit, rate
 * limit, source lists, basic auth, external auth, body limit. A route's filters are built once, when the snapshot is
 * compiled, as an ordered list ({@link RouteFilters#chain}); {@link DownstreamHandler} runs it for each request. Like Armeria's
 * decorators and Zuul's inbound filters, each one answers the request, passes it on, or suspends it until an answer
 * computed off the event loop is in.
 */
public interface RequestFilter {

    /** The filter's verdict on {@code request}; never null. */
    Verdict check(FilteredRequest request);
}
