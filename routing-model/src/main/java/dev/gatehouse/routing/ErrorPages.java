package dev.gatehouse.routing;

import java.util.Set;

/**
 * A route's default backend and custom errors, as ingress-nginx's {@code default-backend} and {@code custom-http-errors}.
 * The route's own default backend answers in place of a cluster that has no endpoint; and when the upstream (or the
 * proxy, for 502, 503 and 504) answers one of {@code statuses}, that answer is replaced by the default backend's answer
 * to a request that says which error it is for.
 *
 * @param backend  the route's own default backend, or null for the snapshot's (its fallback route's cluster, when the
 *                 fallback forwards), which then serves the custom errors only
 * @param statuses statuses (400-599) whose answers the default backend replaces; empty for none
 * @param ingress  the name of the Ingress the route comes from, which the default backend is told
 */
public record ErrorPages(ClusterName backend, Set<Integer> statuses, String ingress) {

    public ErrorPages {
        statuses = Set.copyOf(statuses);
        if (backend == null && statuses.isEmpty()) {
            throw new IllegalArgumentException("error pages need a default backend or statuses to replace");
        }
        if (statuses.stream().anyMatch(status -> status < 400 || status > 599)) {
            throw new IllegalArgumentException("error page statuses " + statuses + " must be 400-599");
        }
        if (ingress == null || ingress.isEmpty()) {
            throw new IllegalArgumentException("error pages need the name of their Ingress");
        }
    }
}
