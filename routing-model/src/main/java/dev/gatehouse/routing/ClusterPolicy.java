package dev.gatehouse.routing;

/**
 * How the proxy treats a cluster's endpoints.
 *
 * @param protocol      HTTP/1.1 or h2c to the endpoints
 * @param loadBalancing how an endpoint is picked per request
 * @param affinity      cookie session affinity, or null
 * @param healthCheck   active health checking, or null for none (passive outlier ejection always applies)
 */
public record ClusterPolicy(UpstreamProtocol protocol, LoadBalancing loadBalancing, SessionAffinity affinity,
                            HealthCheck healthCheck) {

    /** HTTP/1.1, weighted round robin, no affinity, no active check. */
    public static final ClusterPolicy DEFAULT = new ClusterPolicy(UpstreamProtocol.HTTP1, LoadBalancing.ROUND_ROBIN, null, null);

    public ClusterPolicy {
        if (protocol == null || loadBalancing == null) {
            throw new IllegalArgumentException("a cluster policy needs a protocol and a load-balancing method");
        }
    }

    public ClusterPolicy withProtocol(UpstreamProtocol value) {
        return new ClusterPolicy(value, loadBalancing, affinity, healthCheck);
    }

    public ClusterPolicy withLoadBalancing(LoadBalancing value) {
        return new ClusterPolicy(protocol, value, affinity, healthCheck);
    }

    public ClusterPolicy withAffinity(SessionAffinity value) {
        return new ClusterPolicy(protocol, loadBalancing, value, healthCheck);
    }

    public ClusterPolicy withHealthCheck(HealthCheck value) {
        return new ClusterPolicy(protocol, loadBalancing, affinity, value);
    }
}
