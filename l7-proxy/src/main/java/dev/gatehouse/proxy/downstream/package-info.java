/**
 * The downstream pipeline: client connections on the HTTP and HTTPS listeners. {@code HttpListenerInitializer}
 * lists the pipeline (PROXY protocol, TLS with {@code SniCertificates}, HTTP/1.1 or HTTP/2 by
 * {@code ProtocolDetector}, the HTTP/2 abuse limits, client timeouts ({@code ClientTimeouts} for heads and idle
 * connections, {@code BodyReadTimeout} for request bodies), {@code ConnectionGuard}, {@code ResponseCompressor}
 * while the snapshot compresses answers); its last handler,
 * {@code DownstreamHandler}, routes each request (a host with client certificate authentication checks the client's
 * first, {@code ClientCertificateGate}) through the live snapshot and answers it locally (ACME challenge,
 * redirect, direct response) or runs its route's filters and hands it to an exchange.
 */
package dev.gatehouse.proxy.downstream;
