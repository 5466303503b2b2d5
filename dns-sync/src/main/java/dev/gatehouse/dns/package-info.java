/**
 * The DNS sync: keeps the records that point public hostnames at the edge in step with the cluster, on
 * Route 53, Azure DNS or an RFC 2136 server, owning only the records it created (external-dns's TXT
 * registry format, so zones can be shared with and taken over from external-dns).
 *
 * <p>Start at {@link dev.gatehouse.dns.DnsReconciler}, one loop: desired records (from
 * {@link dev.gatehouse.dns.source.DesiredRecords}) and each zone's current records make a
 * {@link dev.gatehouse.dns.Plan} under a {@link dev.gatehouse.dns.Policy}, checked by the
 * {@link dev.gatehouse.dns.SafetyRule}, written as {@link dev.gatehouse.dns.Changes} through a
 * {@link dev.gatehouse.dns.DnsProvider}. The caller (the controller) owns scheduling and leadership.
 */
package dev.gatehouse.dns;
