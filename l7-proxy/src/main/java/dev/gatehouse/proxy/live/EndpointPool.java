package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.upstream.UpstreamEndpoint;
import dev.gatehouse.routing.Endpoint;
import java.util.HashMap;
import java.util.Map;

/**
 * The upstream endpoints of one routing by {@link UpstreamEndpoint#key}, with how many cluster members use each: an
 * endpoint (and so its connection pool) is shared by every cluster that has it and carries over from one routing to the
 * next, and is retired once no member of a routing uses it. Each routing starts from a copy of the previous one's, so
 * building it changes nothing the previous routing holds.
 */
final class EndpointPool {

    private record Pooled(UpstreamEndpoint endpoint, int members) {
    }

    private final Map<String, Pooled> endpoints;

    private EndpointPool(Map<String, Pooled> endpoints) {
        this.endpoints = endpoints;
    }

    static EndpointPool empty() {
        return new EndpointPool(new HashMap<>());
    }

    /** The pool a next routing starts from: the same endpoints and counts, apart from this one. */
    EndpointPool copy() {
        return new EndpointPool(new HashMap<>(endpoints));
    }

    /** The endpoint of {@code key} for one more member: the pooled one, else a new one. */
    UpstreamEndpoint acquire(String key, Endpoint endpoint) {
        Pooled pooled = endpoints.get(key);
        UpstreamEndpoint upstream = pooled != null ? pooled.endpoint() : new UpstreamEndpoint(endpoint);
        endpoints.put(key, new Pooled(upstream, pooled == null ? 1 : pooled.members() + 1));
        return upstream;
    }

    /** One member fewer uses the endpoint of {@code key}; the last one retires it. */
    void release(String key) {
        Pooled pooled = endpoints.get(key);
        if (pooled == null) {
            return;
        }
        if (pooled.members() <= 1) {
            endpoints.remove(key);
            pooled.endpoint().retire();
        } else {
            endpoints.put(key, new Pooled(pooled.endpoint(), pooled.members() - 1));
        }
    }
}
