/**
 * What every client connection shares. {@code LiveRouting} is what the proxy's one atomic reference holds: a
 * snapshot and the runtime built for it off the event loops (clusters, route stats, compiled filters), never
 * changed after, and built from the previous one for what changed ({@code CompiledCluster}, {@code EndpointPool},
 * {@code RouteTable}, whose routes {@code RouteCompiler} compiles with the proxy's defaults filled in);
 * {@code ProxyContext} holds it with the settings, the metrics, the access log, the per-loop upstream connections and
 * the checks' shared clients; {@code BodyTempFiles} is where buffered request bodies and answers read ahead, too large
 * for memory, wait.
 */
package dev.gatehouse.proxy.live;
