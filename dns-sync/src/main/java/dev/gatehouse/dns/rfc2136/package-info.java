/**
 * The RFC 2136 provider: dynamic DNS UPDATE signed with TSIG, zones read by AXFR, so the sync runs
 * against BIND, PowerDNS, Knot or Windows DNS. Every update carries prerequisites naming the record
 * sets exactly as they were read, so a concurrent writer makes it fail instead of being overwritten.
 *
 * <p>Start at {@link dev.gatehouse.dns.rfc2136.Rfc2136Provider}; {@code ZoneReader} and
 * {@code UpdateMessages} do the DNS message work with dnsjava.
 */
package dev.gatehouse.dns.rfc2136;
