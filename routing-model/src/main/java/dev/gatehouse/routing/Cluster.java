package dev.gatehouse.routing;

import java.util.List;

/**
 * The upstream endpoints of one Service port and how to use them. An empty endpoint list is legal: the
 * Service exists (or is missing) and has no ready endpoint, and requests to it are answered 503.
 *
 * @param name      {@code namespace/service:port}
 * @param endpoints ready endpoints, sorted and without duplicates
 * @param policy    protocol, endpoint selection, affinity and health checking
 */
public record Cluster(ClusterName name, List<Endpoint> endpoints, ClusterPolicy policy) {

    public Cluster {
        if (name == null || policy == null) {
            throw new IllegalArgumentException("a cluster needs a name and a policy");
        }
        endpoints = endpoints.stream().distinct().sorted().toList();
    }

    /** A cluster with the default policy. */
    public Cluster(ClusterName name, List<Endpoint> endpoints) {
        this(name, endpoints, ClusterPolicy.DEFAULT);
    }
}
