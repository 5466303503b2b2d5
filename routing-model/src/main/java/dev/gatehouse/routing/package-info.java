/**
 * The routing model: the immutable contract between the controller, which builds it, and the proxy,
 * which serves it.
 *
 * <p>Start at {@link dev.gatehouse.routing.RoutingSnapshot}: the whole data-plane configuration at one
 * version. It holds {@link dev.gatehouse.routing.VirtualHost}s (a {@link dev.gatehouse.routing.HostPattern}
 * and its {@link dev.gatehouse.routing.Route}s, already in precedence order), the
 * {@link dev.gatehouse.routing.Cluster}s the routes forward to, and the fallback route for requests that
 * match nothing, and the {@link dev.gatehouse.routing.TcpListener}s that forward whole connections.
 * {@link dev.gatehouse.routing.Router} is the compiled lookup built with the snapshot, so a
 * request costs a hash lookup and a short scan, never a walk over every host. The snapshot is the only channel from
 * the controller to the proxy: the proxy settings that may change while it runs travel in it too, as a
 * {@link dev.gatehouse.routing.ProxyTuning} of concrete values (with the {@link dev.gatehouse.routing.Compression} of
 * answers).
 *
 * <p>A size with no limit is spelled {@link dev.gatehouse.routing.RequestPolicy#NO_LIMIT} here, never 0: the users'
 * spelling (0 on the command line, in annotations and in the global ConfigMap, as in ingress-nginx) is converted where
 * it is read.
 *
 * <p>Nothing here does I/O or depends on another library but RE2/J, which compiles regex paths once, with the
 * snapshot, and matches them in time linear in the request path; every type is immutable, so a snapshot can be
 * published with one reference write and read by any thread.
 */
package dev.gatehouse.routing;
