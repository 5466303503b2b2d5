package dev.gatehouse.proxy;

/** Picks the upstream endpoint for one request of a cluster. Called on event loops; never blocks. */
interface EndpointSelector {

    /** The endpoint to use, or null when the cluster has none. */
    UpstreamEndpoint select();

    /** How many endpoints it chooses from. */
    int size();
}
