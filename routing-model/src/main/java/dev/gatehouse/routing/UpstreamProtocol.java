package dev.gatehouse.routing;

/** How the proxy speaks to a cluster's endpoints. */
public enum UpstreamProtocol {
    /** HTTP/1.1 over plain TCP, with keep-alive connections pooled per event loop and endpoint. */
    HTTP1,
    /** HTTP/2 over plain TCP with prior knowledge ("h2c"): one multiplexed connection per event loop and endpoint; gRPC uses it. */
    H2C
}
