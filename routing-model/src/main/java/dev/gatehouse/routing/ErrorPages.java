package dev.gatehouse.routing;

import java.util.Set;

/**
 * A route's own default backend, as ingress-nginx's {@code default-backend} and {@code custom-http-errors}: it
 * answers when the route's cluster has no endpoint, and when the upstream answers one of {@code statuses}, the
 * response is replaced by the default backend's answer to a request that says which error it is for.
 *
 * @param backend  the default backend's cluster
 * @param statuses upstream statuses whose responses the default backend replaces; empty for none
 */
public record ErrorPages(ClusterName backend, Set<Integer> statuses) {

    public ErrorPages {
        if (backend == null) {
            throw new IllegalArgumentException("error pages need a default backend cluster");
        }
        statuses = Set.copyOf(statuses);
    }
}
