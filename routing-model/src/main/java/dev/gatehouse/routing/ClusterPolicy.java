package dev.gatehouse.routing;

/**
 * How the proxy treats a cluster's endpoints.
 *
 * @param protocol      HTTP/1.1 or h2c to the endpoints
 * @param loadBalancing how an endpoint is picked per request
 * @param affinity      cookie session affinity, or null
 * @param healthCheck   active health checking, or null for none (passive outlier ejection always applies)
 * @param tls           TLS to the endpoints (HTTPS, or HTTP/2 over TLS for gRPC), or null for plain text
 */
public record ClusterPolicy(UpstreamProtocol protocol, LoadBalancing loadBalancing, SessionAffinity affinity,
                            HealthCheck healthCheck, UpstreamTls tls) {

    /** HTTP/1.1, weighted round robin, no affinity, no active check. */
    public static final ClusterPolicy DEFAULT = new ClusterPolicy(UpstreamProtocol.HTTP1, LoadBalancing.ROUND_ROBIN, null, null);

    /** Plain text to the endpoints. */
    public ClusterPolicy(UpstreamProtocol protocol, LoadBalancing loadBalancing, SessionAffinity affinity, HealthCheck healthCheck) {
        this(protocol, loadBalancing, affinity, healthCheck, null);
    }

    public ClusterPolicy {
        if (protocol == null || loadBalancing == null) {
            throw new IllegalArgumentException("a cluster policy needs a protocol and a load-balancing method");
        }
    }

    public ClusterPolicy withProtocol(UpstreamProtocol value) {
        return new ClusterPolicy(value, loadBalancing, affinity, healthCheck, tls);
    }

    public ClusterPolicy withLoadBalancing(LoadBalancing value) {
        return new ClusterPolicy(protocol, value, affinity, healthCheck, tls);
    }

    public ClusterPolicy withAffinity(SessionAffinity value) {
        return new ClusterPolicy(protocol, loadBalancing, value, healthCheck, tls);
    }

    public ClusterPolicy withHealthCheck(HealthCheck value) {
        return new ClusterPolicy(protocol, loadBalancing, affinity, value, tls);
    }

    public ClusterPolicy withTls(UpstreamTls value) {
        return new ClusterPolicy(protocol, loadBalancing, affinity, healthCheck, value);
    }
}
