package dev.gatehouse.dns.route53;

import dev.gatehouse.dns.DnsNames;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Converts between Route 53 record sets and {@link DnsRecord}s. */
final class RecordSets {

    private RecordSets() {
    }

    /**
     * The record set as the sync sees it, or empty when it is one the sync never touches: another type, an
     * alias of a type other than A or AAAA, or one of several sets with a routing policy (weighted,
     * latency, failover, ...), which only a set identifier tells apart.
     */
    static Optional<DnsRecord> read(ResourceRecordSet set) {
        Optional<RecordType> type = RecordType.parse(set.typeAsString());
        if (type.isEmpty() || set.setIdentifier() != null) {
            return Optional.empty();
        }
        String name = unescapeName(set.name());
        AliasTarget alias = set.aliasTarget();
        if (alias != null) {
            if (type.get() != RecordType.A && type.get() != RecordType.AAAA) {
                return Optional.empty();
            }
            return Optional.of(new DnsRecord(name, type.get(), 0, List.of(DnsNames.canonical(alias.dnsName())), true));
        }
        List<String> targets = new ArrayList<>();
        for (ResourceRecord record : set.resourceRecords()) {
            targets.add(type.get() == RecordType.TXT ? TxtValues.unquote(record.value()) : record.value());
        }
        long ttl = set.ttl() == null ? 0 : set.ttl();
        return Optional.of(new DnsRecord(name, type.get(), ttl, targets, false));
    }

    /** A record set with resource records; an alias record is written by {@link #alias}. */
    static ResourceRecordSet plain(DnsRecord record) {
        List<ResourceRecord> values = new ArrayList<>();
        for (String target : record.targets()) {
            String value = record.type() == RecordType.TXT ? TxtValues.quote(target) : target;
            values.add(ResourceRecord.builder().value(value).build());
        }
        return ResourceRecordSet.builder()
                .name(record.name() + ".")
                .type(RRType.fromValue(record.type().name()))
                .ttl(record.ttl())
                .resourceRecords(values)
                .build();
    }

    static ResourceRecordSet alias(DnsRecord record, AliasTarget target) {
        return ResourceRecordSet.builder()
                .name(record.name() + ".")
                .type(RRType.fromValue(record.type().name()))
                .aliasTarget(target)
                .build();
    }

    /**
     * The name with Route 53's {@code \ddd} octal escapes undone: it returns a wildcard as {@code \052},
     * whatever was written.
     */
    static String unescapeName(String name) {
        if (name.indexOf('\\') < 0) {
            return DnsNames.canonical(name);
        }
        StringBuilder plain = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '\\' && i + 3 < name.length() && isOctal(name, i + 1, i + 4)) {
                plain.append((char) Integer.parseInt(name.substring(i + 1, i + 4), 8));
                i += 4;
            } else {
                plain.append(c);
                i++;
            }
        }
        return DnsNames.canonical(plain.toString());
    }

    private static boolean isOctal(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
