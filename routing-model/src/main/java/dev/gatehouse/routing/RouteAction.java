package dev.gatehouse.routing;

/** What a matched {@link Route} does with the request. */
public sealed interface RouteAction permits RouteAction.Forward, RouteAction.DirectResponse, RouteAction.Redirect {

    /**
     * Proxy the request to an endpoint of the named cluster (or of its canary's), within the route's request policy,
     * once the filters let it through.
     *
     * @param canary a second cluster taking part of the requests, or null
     */
    record Forward(ClusterName cluster, RequestPolicy policy, RequestFilters filters, Canary canary) implements RouteAction {
        public Forward {
            if (cluster == null || policy == null || filters == null) {
                throw new IllegalArgumentException("a forward action needs a cluster, a request policy and request filters");
            }
        }

        /** Forwarding without a canary. */
        public Forward(ClusterName cluster, RequestPolicy policy, RequestFilters filters) {
            this(cluster, policy, filters, null);
        }

        /** This forward with that policy. */
        public Forward withPolicy(RequestPolicy value) {
            return new Forward(cluster, value, filters, canary);
        }

        /** This forward with those filters. */
        public Forward withFilters(RequestFilters value) {
            return new Forward(cluster, policy, value, canary);
        }

        /** This forward with that canary. */
        public Forward withCanary(Canary value) {
            return new Forward(cluster, policy, filters, value);
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

    /**
     * Answer at the edge with a redirect: to a fixed location, as ingress-nginx's {@code permanent-redirect},
     * {@code temporal-redirect} and {@code app-root} do; to another host with the request's own scheme, port and
     * target (path and query), as its {@code from-to-www-redirect} does; or to a {@link RedirectTarget} built from the
     * request part by part, as Gateway API's RequestRedirect filter does.
     *
     * @param status   301, 302, 303, 307 or 308
     * @param location an absolute http(s) URL or a path starting with a single {@code /}, without control characters;
     *                 null for a redirect to {@code host} or {@code target}
     * @param host     the lower-case host name the request is sent to, keeping its target; null for a redirect to
     *                 {@code location} or {@code target}
     * @param absolute whether a path {@code location} is answered as an absolute URL with the request's scheme, host and
     *                 port (nginx's {@code absolute_redirect}, which ingress-nginx keeps on unless {@code relative-redirects}
     *                 is set); clients resolve a relative one against what they asked for, which behind another proxy
     *                 may not be what the application expects
     * @param target   the parts of the request a redirect changes, or null for a redirect to {@code location} or {@code host}
     */
    record Redirect(int status, String location, String host, boolean absolute, RedirectTarget target) implements RouteAction {
        public Redirect {
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                throw new IllegalArgumentException("redirect status " + status + " is not a redirect (expected 301, 302, 303, 307 or 308)");
            }
            if (target != null) {
                if (location != null || host != null) {
                    throw new IllegalArgumentException("a redirect to a target has no location or host of its own");
                }
            } else if (host != null) {
                if (location != null || !host.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                    throw new IllegalArgumentException("redirect host \"" + host + "\" must be a lower-case host name, "
                            + "without a location");
                }
            } else if (location == null || location.isEmpty() || location.chars().anyMatch(c -> c < 0x21 || c == 0x7f)
                    || !(location.startsWith("/") || location.startsWith("http://") || location.startsWith("https://"))
                    // browsers follow "//host" and "/\\host" to another host
                    || location.startsWith("//") || location.startsWith("/\\")) {
                throw new IllegalArgumentException("redirect location \"" + location
                        + "\" must be an http(s) URL or a path, without spaces or control characters");
            }
        }

        /** A redirect to a fixed location, or to another host. */
        public Redirect(int status, String location, String host, boolean absolute) {
            this(status, location, host, absolute, null);
        }

        /** A redirect to a fixed location, answered as written. */
        public Redirect(int status, String location) {
            this(status, location, null, false);
        }

        /** A redirect to {@code host}, keeping the request's scheme, port and target. */
        public static Redirect toHost(int status, String host) {
            return new Redirect(status, null, host, false);
        }

        /** A redirect to {@code target}, the rest of the Location taken from the request. */
        public static Redirect to(int status, RedirectTarget target) {
            return new Redirect(status, null, null, false, target);
        }

        /** This redirect, with a path location answered absolute or as written. */
        public Redirect withAbsolute(boolean value) {
            return new Redirect(status, location, host, value, target);
        }
    }
}
