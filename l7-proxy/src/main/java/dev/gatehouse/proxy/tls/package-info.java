/**
 * TLS material for both sides: {@code TlsContexts} keeps one server SslContext per certificate of the snapshot,
 * {@code TicketKeys} rotates session ticket keys, and {@code UpstreamTlsContexts} makes the client contexts for
 * upstreams that speak TLS. Which certificate a handshake gets is decided above, in the downstream pipeline.
 */
package dev.gatehouse.proxy.tls;
