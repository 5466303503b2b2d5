package dev.gatehouse.dns.azure;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.dns.fluent.models.RecordSetInner;
import com.azure.resourcemanager.dns.models.ARecord;
import com.azure.resourcemanager.dns.models.AaaaRecord;
import com.azure.resourcemanager.dns.models.CnameRecord;
import com.azure.resourcemanager.dns.models.TxtRecord;
import dev.gatehouse.dns.DnsNames;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Converts between Azure record sets and {@link DnsRecord}s.
 *
 * <p>Azure names a record set relative to its zone ({@code www}, {@code @} for the apex); the sync uses
 * absolute canonical names. A TXT record's value is a list of strings of at most 255 characters each; the
 * sync sees each TXT record as one text, its strings joined, and writes it back cut into such strings.
 * An alias record set (one pointing at an Azure resource instead of holding records) reads as
 * {@linkplain DnsRecord#alias() alias} with the resource id as its single target, and writes back the same way.
 */
final class RecordSetCodec {

    static final String APEX = "@";
    /** The longest string of a TXT record (RFC 1035 character-string). */
    static final int TXT_STRING_MAX = 255;
    private static final String RESOURCE_ID_PREFIX = "/subscriptions/";

    private RecordSetCodec() {
    }

    /** The record set as the sync sees it; empty for types the sync does not write (MX, NS, SOA, ...). */
    static Optional<DnsRecord> toRecord(Zone zone, RecordSetInner set) {
        Optional<RecordType> type = typeOf(set);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String name = absoluteName(zone, set.name());
        long ttl = Objects.requireNonNullElse(set.ttl(), 0L);
        SubResource target = set.targetResource();
        if (target != null && target.id() != null && !target.id().isBlank()) {
            return Optional.of(new DnsRecord(name, type.get(), ttl, List.of(target.id()), true));
        }
        List<String> targets = switch (type.get()) {
            case A -> values(set.aRecords(), ARecord::ipv4Address);
            case AAAA -> values(set.aaaaRecords(), AaaaRecord::ipv6Address);
            case CNAME -> set.cnameRecord() == null || set.cnameRecord().cname() == null
                    ? List.of() : List.of(set.cnameRecord().cname());
            case TXT -> values(set.txtRecords(), txt -> txt.value() == null ? "" : String.join("", txt.value()));
        };
        return Optional.of(new DnsRecord(name, type.get(), ttl, targets, false));
    }

    /**
     * The body of a PUT that makes the record set hold exactly this record.
     *
     * @throws IllegalArgumentException when Azure cannot hold the record as given
     */
    static RecordSetInner toRecordSet(DnsRecord record) {
        RecordSetInner set = new RecordSetInner().withTtl(record.ttl());
        List<String> targets = record.targets();
        if (record.alias()) {
            if (targets.size() != 1 || !targets.get(0).startsWith(RESOURCE_ID_PREFIX)) {
                throw new IllegalArgumentException("alias targets " + targets
                        + ": expected one Azure resource id (" + RESOURCE_ID_PREFIX + "...)");
            }
            return set.withTargetResource(new SubResource().withId(targets.get(0)));
        }
        return switch (record.type()) {
            case A -> set.withARecords(targets.stream().map(t -> new ARecord().withIpv4Address(t)).toList());
            case AAAA -> set.withAaaaRecords(targets.stream().map(t -> new AaaaRecord().withIpv6Address(t)).toList());
            case CNAME -> {
                if (targets.size() != 1) {
                    throw new IllegalArgumentException("CNAME targets " + targets + ": expected exactly one hostname");
                }
                yield set.withCnameRecord(new CnameRecord().withCname(targets.get(0)));
            }
            case TXT -> set.withTxtRecords(targets.stream().map(t -> new TxtRecord().withValue(strings(t))).toList());
        };
    }

    /** {@code www} for {@code www.example.com} in {@code example.com}, {@code @} for the apex. */
    static String relativeName(Zone zone, String name) {
        String canonical = DnsNames.canonical(name);
        if (canonical.equals(zone.name())) {
            return APEX;
        }
        if (!zone.contains(canonical)) {
            throw new IllegalArgumentException("name " + canonical + " is not in zone " + zone.name());
        }
        return canonical.substring(0, canonical.length() - zone.name().length() - 1);
    }

    static String absoluteName(Zone zone, String relative) {
        return APEX.equals(relative) ? zone.name() : DnsNames.canonical(relative + "." + zone.name());
    }

    static com.azure.resourcemanager.dns.models.RecordType azureType(RecordType type) {
        return com.azure.resourcemanager.dns.models.RecordType.fromString(type.name());
    }

    /** Azure gives the type as {@code Microsoft.Network/dnszones/A}. */
    private static Optional<RecordType> typeOf(RecordSetInner set) {
        String type = set.type();
        if (type == null) {
            return Optional.empty();
        }
        return RecordType.parse(type.substring(type.lastIndexOf('/') + 1));
    }

    private static <T> List<String> values(List<T> records, Function<T, String> value) {
        if (records == null) {
            return List.of();
        }
        return records.stream().map(value).filter(Objects::nonNull).toList();
    }

    /** A text cut into the strings of one TXT record; an empty text stays one empty string. */
    static List<String> strings(String text) {
        if (text.length() <= TXT_STRING_MAX) {
            return List.of(text);
        }
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < text.length(); start += TXT_STRING_MAX) {
            strings.add(text.substring(start, Math.min(text.length(), start + TXT_STRING_MAX)));
        }
        return strings;
    }
}
