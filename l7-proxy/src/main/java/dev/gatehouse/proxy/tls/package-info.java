/**
 * TLS material for both sides: {@code TlsContexts} keeps one server SslContext per certificate of the snapshot,
 * {@code TicketKeys} rotates session ticket keys, and {@code UpstreamTlsContexts} makes the client contexts for
 * upstreams that speak TLS, with {@code SubjectAltNameTrust} where an upstream's certificate must carry one of
 * given subject alternative names rather than the SNI name. A host with client certificate authentication gets a context that asks for the client's
 * certificate naming its CAs ({@code ClientCertificateRequest}); {@code ClientChains} judges the chain with the JDK's
 * PKIX validator and the host's CRLs into a {@code ClientVerdict}. Which certificate a handshake gets, and what a
 * request needs of the client's, is decided above, in the downstream pipeline.
 */
package dev.gatehouse.proxy.tls;
