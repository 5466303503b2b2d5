/**
 * Upstream connections: one {@code UpstreamConnections} per event loop holds the HTTP/1.1 pools ({@code Http1Pool})
 * and the h2c connections ({@code H2cConnection}) per endpoint ({@code UpstreamEndpoint}). Every upstream channel
 * ends in an {@code UpstreamHandler}, which hands what the upstream sends to the {@code UpstreamListener} it is lent
 * to (the exchange) and nothing else: this package does not know the exchange.
 */
package dev.gatehouse.proxy.upstream;
