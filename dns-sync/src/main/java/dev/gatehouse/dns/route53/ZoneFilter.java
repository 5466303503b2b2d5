package dev.gatehouse.dns.route53;

import dev.gatehouse.dns.DnsNames;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Narrows the account's hosted zones to the ones the settings let the provider write. */
final class ZoneFilter {

    private static final String ID_PREFIX = "/hostedzone/";

    private final List<String> domains;
    private final Set<String> ids;
    private final Route53Settings.ZoneType type;

    ZoneFilter(List<String> domains, List<String> ids, Route53Settings.ZoneType type) {
        this.domains = domains.stream().map(DnsNames::canonical).toList();
        this.ids = ids.stream().map(ZoneFilter::bareId).collect(Collectors.toUnmodifiableSet());
        this.type = type;
    }

    static ZoneFilter of(Route53Settings settings) {
        return new ZoneFilter(settings.domainFilter(), settings.zoneIdFilter(), settings.zoneType());
    }

    /** The id without the {@code /hostedzone/} that the API puts in front of it in some answers. */
    static String bareId(String id) {
        String trimmed = id.trim();
        return trimmed.startsWith(ID_PREFIX) ? trimmed.substring(ID_PREFIX.length()) : trimmed;
    }

    boolean admits(String bareId, String name, boolean privateZone) {
        return type.admits(privateZone)
                && (ids.isEmpty() || ids.contains(bareId))
                && (domains.isEmpty() || domains.stream().anyMatch(domain -> DnsNames.isWithin(name, domain)));
    }
}
