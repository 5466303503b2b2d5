package dev.gatehouse.dns;

/**
 * What a registry TXT record says about a record set.
 *
 * @param ownerId the {@code external-dns/owner} label
 * @param resource the {@code external-dns/resource} label, empty when absent
 * @param txt the TXT record that said it
 */
public record Owner(String ownerId, String resource, DnsRecord txt) {
}
