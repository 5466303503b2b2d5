/**
 * TLS termination support: parsing {@code kubernetes.io/tls} Secrets, checking certificates, choosing a
 * certificate by SNI, building and caching SslContexts, and ordering certificates by ACME.
 *
 * <p>Empty until TLS termination lands (issue 5); the module exists so the build has its final shape.
 */
package dev.gatehouse.tls;
