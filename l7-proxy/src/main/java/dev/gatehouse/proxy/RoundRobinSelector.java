package dev.gatehouse.proxy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each endpoint in turn. One counter per cluster and snapshot, shared by the event loops. */
final class RoundRobinSelector implements EndpointSelector {

    private final UpstreamEndpoint[] endpoints;
    private final AtomicInteger next = new AtomicInteger();

    RoundRobinSelector(List<UpstreamEndpoint> endpoints) {
        this.endpoints = endpoints.toArray(new UpstreamEndpoint[0]);
    }

    @Override
    public UpstreamEndpoint select() {
        int count = endpoints.length;
        if (count == 0) {
            return null;
        }
        return endpoints[Math.floorMod(next.getAndIncrement(), count)];
    }

    @Override
    public int size() {
        return endpoints.length;
    }
}
