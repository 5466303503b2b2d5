package dev.gatehouse.dns;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One record set as the sync sees it, in any provider.
 *
 * @param name canonical owner name
 * @param type record type
 * @param ttl seconds
 * @param targets addresses (A, AAAA), one hostname (CNAME, or the target of an alias), or the texts of
 *     a TXT record without their quotes; kept sorted and without duplicates so that equal sets compare
 *     equal whatever order a provider returned them in
 * @param alias a Route 53 alias record: type A or AAAA whose single target is a load balancer hostname
 */
public record DnsRecord(String name, RecordType type, long ttl, List<String> targets, boolean alias) {

    public DnsRecord {
        name = DnsNames.canonical(name);
        Objects.requireNonNull(type, "type");
        TreeSet<String> sorted = new TreeSet<>();
        for (String target : targets) {
            sorted.add(switch (type) {
                case TXT -> target;
                case AAAA -> alias ? DnsNames.canonical(target) : DnsNames.canonicalIpv6(target);
                default -> DnsNames.canonical(target);
            });
        }
        targets = List.copyOf(sorted);
    }

    public static DnsRecord of(String name, RecordType type, long ttl, String... targets) {
        return new DnsRecord(name, type, ttl, List.of(targets), false);
    }

    public RecordKey key() {
        return new RecordKey(name, type);
    }

    public DnsRecord withTtl(long newTtl) {
        return new DnsRecord(name, type, newTtl, targets, alias);
    }

    @Override
    public String toString() {
        return name + " " + ttl + " " + (alias ? "ALIAS " : "") + type + " " + String.join(",", targets);
    }
}
