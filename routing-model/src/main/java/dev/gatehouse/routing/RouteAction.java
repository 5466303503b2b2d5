package dev.gatehouse.routing;

/** What a matched {@link Route} does with the request. */
public sealed interface RouteAction permits RouteAction.Forward, RouteAction.DirectResponse {

    /**
     * Proxy the request to an endpoint of the named cluster, within the route's request policy, once the
     * filters let it through.
     */
    record Forward(ClusterName cluster, RequestPolicy policy, RequestFilters filters) implements RouteAction {
        public Forward {
            if (cluster == null || policy == null || filters == null) {
                throw new IllegalArgumentException("a forward action needs a cluster, a request policy and request filters");
            }
        }

        /** Forwarding without filters. */
        public Forward(ClusterName cluster, RequestPolicy policy) {
            this(cluster, policy, RequestFilters.NONE);
        }

        /** Forwarding with the proxy's default limits. */
        public Forward(ClusterName cluster) {
            this(cluster, RequestPolicy.DEFAULTS);
        }
    }

    /** Answer at the edge with a status and a plain-text body, without any upstream. */
    record DirectResponse(int status, String body) implements RouteAction {
        public DirectResponse {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status " + status + " is out of range (expected 200-599)");
            }
            if (body == null) {
                throw new IllegalArgumentException("a direct response needs a body (may be empty)");
            }
        }
    }
}
