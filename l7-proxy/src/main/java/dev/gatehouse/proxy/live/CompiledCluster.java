package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.OutlierDetection;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.MemberHealth;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.upstream.UpstreamEndpoint;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The runtime of one cluster and the {@link UpstreamEndpoint#key} of each of its members, so that the next routing takes
 * the runtime as it is when the cluster and the outlier settings are the same (its balancer's state, members and metric
 * handles included), and otherwise compiles it again over the endpoints (so connection pools) of the routing's
 * {@link EndpointPool} and the member health it had by endpoint.
 */
record CompiledCluster(Cluster cluster, OutlierDetection outlier, ClusterRuntime runtime, String[] endpointKeys) {

    /**
     * Compiles a cluster whose runtime cannot be kept, taking its endpoints from {@code pool}.
     *
     * @param before the previous routing's cluster of the same name, whose member health carries over by endpoint; or null
     */
    static CompiledCluster compile(Cluster cluster, CompiledCluster before, EndpointPool pool, OutlierDetection outlier,
                                   ProxyMetrics metrics) {
        boolean affinity = cluster.policy().affinity() != null;
        int size = cluster.endpoints().size();
        Map<String, MemberHealth> health = before == null ? Map.of() : before.healthByKey();
        Member[] members = new Member[size];
        String[] endpointKeys = new String[size];
        for (int i = 0; i < size; i++) {
            Endpoint endpoint = cluster.endpoints().get(i);
            String key = UpstreamEndpoint.key(endpoint);
            MemberHealth memberHealth = health.get(key);
            members[i] = new Member(pool.acquire(key, endpoint), memberHealth != null ? memberHealth : new MemberHealth(),
                    endpoint.weight(), affinity ? affinityId(endpoint) : null);
            endpointKeys[i] = key;
        }
        return new CompiledCluster(cluster, outlier, new ClusterRuntime(cluster, members, outlier, metrics), endpointKeys);
    }

    /** Whether this runtime serves {@code other} as a new one would. */
    boolean sameAs(Cluster other, OutlierDetection settings) {
        return cluster.equals(other) && outlier.equals(settings);
    }

    /** Gives this cluster's endpoints back to the pool: it is not in the routing being built. */
    void release(EndpointPool pool) {
        for (String key : endpointKeys) {
            pool.release(key);
        }
    }

    private Map<String, MemberHealth> healthByKey() {
        Map<String, MemberHealth> health = new HashMap<>();
        Member[] members = runtime.members();
        for (int i = 0; i < endpointKeys.length; i++) {
            health.putIfAbsent(endpointKeys[i], members[i].health());
        }
        return health;
    }

    /** A stable, opaque cookie value per endpoint: the same on every replica, without revealing the address. */
    private static String affinityId(Endpoint endpoint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((endpoint.address() + ":" + endpoint.port()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
