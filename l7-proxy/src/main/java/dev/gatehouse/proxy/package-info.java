/**
 * The Netty data plane: HTTP, HTTPS, TCP and UDP listeners, routing each request through the live
 * {@link dev.gatehouse.routing.RoutingSnapshot}, forwarding to upstream endpoints over pooled keep-alive
 * connections, and the admin port.
 *
 * <p>Start at {@link dev.gatehouse.proxy.ProxyServer}, the public face: start it with
 * {@link dev.gatehouse.proxy.ProxySettings}, then {@link dev.gatehouse.proxy.ProxyServer#apply} snapshots.
 * {@code HttpProxy} assembles the rest, which lives in sub-packages layered from the bottom up: {@code net},
 * {@code tls}, {@code http}, {@code observe}, {@code upstream}, {@code balance}, {@code filter}, {@code live},
 * {@code exchange}, {@code downstream}, {@code tcp}, {@code udp}, {@code admin}. A package uses only those below it, and the
 * root's settings; {@code ArchitectureTest} holds it to that. A request's path: {@code downstream.DownstreamHandler}
 * routes it, runs its route's {@code filter.RequestFilter}s, and hands it to an {@code exchange.Exchange}, which
 * borrows a pooled upstream channel ({@code upstream.UpstreamConnections}) for the endpoint
 * {@code balance.ClusterRuntime} selects.
 *
 * <p>Everything that touches a channel runs on that channel's event loop; an upstream connection opens on
 * the event loop of the downstream connection that needs it, so a request never changes threads.
 */
package dev.gatehouse.proxy;
