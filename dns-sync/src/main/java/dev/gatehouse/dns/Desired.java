package dev.gatehouse.dns;

/**
 * A record a source wants, and the object that wants it.
 *
 * @param resource {@code kind/namespace/name} in lower case, as the registry's
 *     {@code external-dns/resource} label writes it: {@code ingress/default/web}
 */
public record Desired(DnsRecord record, String resource) {
}
