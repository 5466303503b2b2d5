/**
 * The Netty data plane: HTTP, HTTPS and TCP listeners, routing each request through the live
 * {@link dev.gatehouse.routing.RoutingSnapshot}, forwarding to upstream endpoints over pooled keep-alive
 * connections, and the admin port.
 *
 * <p>Start at {@link dev.gatehouse.proxy.ProxyServer}, the public face: start it with
 * {@link dev.gatehouse.proxy.ProxySettings}, then {@link dev.gatehouse.proxy.ProxyServer#apply} snapshots.
 * Inside, {@code HttpListenerInitializer} lists the downstream pipeline; {@code DownstreamHandler} turns
 * each request into a local answer or an {@code Exchange}, which relays one request and its response
 * between the downstream channel and a pooled upstream channel ({@code Http1Pool},
 * {@code UpstreamHandler}). {@code LiveRouting} is what one atomic reference holds: the snapshot plus the
 * per-snapshot runtime (endpoint selectors, metric handles) built before it is published. On the HTTPS
 * listener, {@code SniCertificates} picks the certificate of the client's server name from the same
 * snapshot and {@code TlsContexts} keeps one SslContext per certificate. {@code TcpListeners} binds the
 * snapshot's TCP listeners; {@code TcpListenerInitializer} lists their pipeline, where {@code TcpConnector}
 * picks and connects an endpoint and {@code TcpRelay} then relays bytes both ways.
 *
 * <p>Everything that touches a channel runs on that channel's event loop; an upstream connection opens on
 * the event loop of the downstream connection that needs it, so a request never changes threads.
 */
package dev.gatehouse.proxy;
