package dev.gatehouse.routing;

import java.util.List;

/**
 * The upstream endpoints of one Service port. An empty list is legal: the Service exists (or is missing)
 * and has no ready endpoint, and requests to it are answered 503.
 *
 * @param name      {@code namespace/service:port}
 * @param endpoints ready endpoints, sorted and without duplicates
 */
public record Cluster(ClusterName name, List<Endpoint> endpoints) {

    public Cluster {
        if (name == null) {
            throw new IllegalArgumentException("a cluster needs a name");
        }
        endpoints = endpoints.stream().distinct().sorted().toList();
    }
}
