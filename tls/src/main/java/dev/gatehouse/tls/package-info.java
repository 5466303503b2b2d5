/**
 * TLS certificates for the HTTPS listener: {@link dev.gatehouse.tls.PemCertificates} reads and checks
 * what a {@code kubernetes.io/tls} Secret holds (start here); {@link dev.gatehouse.tls.DefaultCertificate}
 * makes the certificate served to clients whose server name has none. Bouncy Castle does the parsing
 * and the signing. Choosing a certificate by SNI and building SslContexts live in the proxy, which
 * reads the certificates from the routing snapshot. Ordering certificates by ACME is in
 * {@link dev.gatehouse.tls.acme}.
 */
package dev.gatehouse.tls;
