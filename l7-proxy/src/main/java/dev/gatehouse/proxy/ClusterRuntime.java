package dev.gatehouse.proxy;

import dev.gatehouse.routing.Cluster;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/** A cluster of the live snapshot with what the proxy needs to serve it: a selector and its metric handle. */
record ClusterRuntime(Cluster cluster, EndpointSelector selector, DistributionDataPoint upstreamLatency) {

    String name() {
        return cluster.name().toString();
    }
}
