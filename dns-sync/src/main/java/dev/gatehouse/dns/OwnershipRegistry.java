package dev.gatehouse.dns;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TXT registry in external-dns's format, so a zone can be shared with external-dns and taken over
 * from it: beside each record set we own sits a TXT record whose text is
 * {@code heritage=external-dns,external-dns/owner=<owner>,external-dns/resource=<kind>/<ns>/<name>}.
 *
 * <p>Its name is the record's first label with the record type in front ({@code a-www.example.com},
 * {@code cname-www.example.com}), wrapped in {@code --txt-prefix} or {@code --txt-suffix}, either of
 * which may hold {@code %{record_type}} instead; {@code --txt-wildcard-replacement} stands for a leading
 * {@code *}. The older form without the type ({@code www.example.com} itself, with the affix) is read too,
 * for A and CNAME records as external-dns wrote it, and removed when its record is. Where the typed form
 * of a zone apex falls outside the zone ({@code a-example.com}, external-dns's form without an affix
 * that carries a dot), the label {@code _apex} is used instead ({@code a-_apex.example.com}).
 */
public final class OwnershipRegistry {

    private static final String HERITAGE = "heritage=external-dns";
    private static final String OWNER_LABEL = "external-dns/owner=";
    private static final String RESOURCE_LABEL = "external-dns/resource=";
    private static final String TYPE_TEMPLATE = "%{record_type}";

    private final String ownerId;
    private final String prefix;
    private final String suffix;
    private final String wildcardReplacement;

    public OwnershipRegistry(String ownerId, String prefix, String suffix) {
        this(ownerId, prefix, suffix, "");
    }

    /** @throws IllegalArgumentException for an id with commas or quotes, or both a prefix and a suffix */
    public OwnershipRegistry(String ownerId, String prefix, String suffix, String wildcardReplacement) {
        if (ownerId.isBlank() || ownerId.contains(",") || ownerId.contains("\"")) {
            throw new IllegalArgumentException(
                    "txt owner id \"" + ownerId + "\": expected a non-empty id without commas or quotes");
        }
        if (!prefix.isEmpty() && !suffix.isEmpty()) {
            throw new IllegalArgumentException("--txt-prefix \"" + prefix + "\" and --txt-suffix \"" + suffix
                    + "\": expected one of them, as external-dns does");
        }
        this.ownerId = ownerId;
        this.prefix = prefix;
        this.suffix = suffix;
        this.wildcardReplacement = wildcardReplacement;
    }

    public String ownerId() {
        return ownerId;
    }

    /** The registry TXT record's name for a record set, in the typed form this registry writes. */
    public String txtName(Zone zone, RecordKey key) {
        String external = typedName(key, firstLabel(key.name()));
        if (zone.contains(external)) {
            return external;
        }
        return typedName(key, new String[] {"_apex", zone.name()});
    }

    /** The older name without the record type, which external-dns wrote for A and CNAME records. */
    public String legacyTxtName(Zone zone, String name) {
        String[] split = firstLabel(name);
        String legacy = assemble(fill(prefix, "") + split[0] + fill(suffix, ""), split[1]);
        return zone.contains(legacy) ? legacy : assemble(fill(prefix, "") + "_apex" + fill(suffix, ""), zone.name());
    }

    private String typedName(RecordKey key, String[] split) {
        String type = key.type().affix();
        boolean typeInAffix = prefix.contains(TYPE_TEMPLATE) || suffix.contains(TYPE_TEMPLATE);
        String label = typeInAffix ? split[0] : type + "-" + split[0];
        return assemble(fill(prefix, type) + label + fill(suffix, type), split[1]);
    }

    public String text(String resource) {
        return HERITAGE + "," + OWNER_LABEL + ownerId + "," + RESOURCE_LABEL + resource;
    }

    public DnsRecord txtFor(Zone zone, RecordKey key, long ttl, String resource) {
        return DnsRecord.of(txtName(zone, key), RecordType.TXT, ttl, text(resource));
    }

    /**
     * Who owns each A, AAAA and CNAME record set of a zone, from its registry TXT records: the typed
     * name first, the legacy name otherwise. Record sets without a registry TXT are absent (nobody's).
     */
    public Map<RecordKey, Owner> owners(Zone zone, List<DnsRecord> current) {
        Map<String, DnsRecord> txtByName = new HashMap<>();
        for (DnsRecord record : current) {
            if (record.type() == RecordType.TXT) {
                txtByName.put(record.name(), record);
            }
        }
        Map<RecordKey, Owner> owners = new LinkedHashMap<>();
        for (DnsRecord record : current) {
            if (record.type() == RecordType.TXT) {
                continue;
            }
            RecordKey key = record.key();
            Optional<Owner> owner = parse(txtByName.get(txtName(zone, key)));
            boolean legacyCovers = key.type() == RecordType.A || key.type() == RecordType.CNAME;
            if (owner.isEmpty() && legacyCovers) {
                owner = parse(txtByName.get(DnsNames.canonical(legacyTxtName(zone, key.name()))));
            }
            owner.ifPresent(o -> owners.put(key, o));
        }
        return owners;
    }

    /** Whether a TXT record is a registry record at all (ours or anyone's), which plans never route. */
    public static boolean isRegistryText(DnsRecord txt) {
        return txt.type() == RecordType.TXT && txt.targets().stream().anyMatch(t -> t.startsWith(HERITAGE));
    }

    /** Reads the owner labels of a registry TXT record; a TXT that is not one yields nothing. */
    public static Optional<Owner> parse(DnsRecord txt) {
        if (txt == null) {
            return Optional.empty();
        }
        for (String text : txt.targets()) {
            if (!text.startsWith(HERITAGE)) {
                continue;
            }
            String owner = null;
            String resource = "";
            for (String label : text.split(",")) {
                if (label.startsWith(OWNER_LABEL)) {
                    owner = label.substring(OWNER_LABEL.length());
                } else if (label.startsWith(RESOURCE_LABEL)) {
                    resource = label.substring(RESOURCE_LABEL.length());
                }
            }
            if (owner != null) {
                return Optional.of(new Owner(owner, resource, txt));
            }
        }
        return Optional.empty();
    }

    private String[] firstLabel(String name) {
        String canonical = DnsNames.canonical(name);
        int dot = canonical.indexOf('.');
        String[] split = dot < 0 ? new String[] {canonical, ""}
                : new String[] {canonical.substring(0, dot), canonical.substring(dot + 1)};
        if (split[0].equals("*") && !wildcardReplacement.isEmpty()) {
            split[0] = wildcardReplacement;
        }
        return split;
    }

    private static String assemble(String label, String rest) {
        String joined = rest.isEmpty() ? label : label + "." + rest;
        return DnsNames.canonical(joined.replace("..", "."));
    }

    private static String fill(String affix, String type) {
        return affix.replace(TYPE_TEMPLATE, type);
    }
}
