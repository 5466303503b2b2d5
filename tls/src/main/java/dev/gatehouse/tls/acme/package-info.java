/**
 * Certificates ordered from an ACME (RFC 8555) certificate authority with acme4j: start at
 * {@link dev.gatehouse.tls.acme.AcmeClient}, which registers (or finds) the account, orders a
 * certificate for a list of hosts and proves each host by HTTP-01 through a
 * {@link dev.gatehouse.tls.acme.ChallengeResponder}; {@link dev.gatehouse.tls.acme.Renewal} says when a
 * certificate is due again. Every call blocks: callers run it on a thread of their own, never on an
 * event loop. Where certificates and challenge answers are kept is the controller's business.
 */
package dev.gatehouse.tls.acme;
