package dev.gatehouse.dns;

import java.time.Duration;
import java.util.List;

/**
 * What one DNS sync does, from the {@code --dns-*}, {@code --txt-*}, {@code --policy} and filter flags.
 *
 * @param domainFilter only hosts within these domains are published, and only zones that overlap them
 *     are read; empty means every zone the provider offers
 * @param zoneIdFilter only zones with these provider ids; empty means all
 * @param providerCacheTime how long a zone's records read from the provider are reused; zero reads
 *     every loop. A zone is always read again after we wrote to it or a write conflicted.
 * @param dryRun plan and report, never write
 * @param maxDeleteShare see {@link SafetyRule}
 * @param minDeletes see {@link SafetyRule}
 * @param deleteHold see {@link SafetyRule}
 */
public record DnsSyncSettings(OwnershipRegistry registry, Policy policy, List<String> domainFilter,
                              List<String> zoneIdFilter, Duration providerCacheTime, boolean dryRun,
                              double maxDeleteShare, int minDeletes, Duration deleteHold) {

    public DnsSyncSettings {
        domainFilter = domainFilter.stream().map(DnsNames::canonical).toList();
        zoneIdFilter = List.copyOf(zoneIdFilter);
    }

    /** The defaults for an owner id: sync policy, no filters, no cache, half the records per loop. */
    public static DnsSyncSettings defaults(String ownerId) {
        return new DnsSyncSettings(new OwnershipRegistry(ownerId, "", ""), Policy.SYNC, List.of(), List.of(),
                Duration.ZERO, false, 0.5, 1, Duration.ofMinutes(10));
    }

    public DnsSyncSettings withPolicy(Policy newPolicy) {
        return new DnsSyncSettings(registry, newPolicy, domainFilter, zoneIdFilter, providerCacheTime, dryRun,
                maxDeleteShare, minDeletes, deleteHold);
    }

    public DnsSyncSettings withDryRun(boolean newDryRun) {
        return new DnsSyncSettings(registry, policy, domainFilter, zoneIdFilter, providerCacheTime, newDryRun,
                maxDeleteShare, minDeletes, deleteHold);
    }

    public DnsSyncSettings withRegistry(OwnershipRegistry newRegistry) {
        return new DnsSyncSettings(newRegistry, policy, domainFilter, zoneIdFilter, providerCacheTime, dryRun,
                maxDeleteShare, minDeletes, deleteHold);
    }

    public DnsSyncSettings withFilters(List<String> domains, List<String> zoneIds) {
        return new DnsSyncSettings(registry, policy, domains, zoneIds, providerCacheTime, dryRun,
                maxDeleteShare, minDeletes, deleteHold);
    }

    public DnsSyncSettings withSafety(double share, int min, Duration hold) {
        return new DnsSyncSettings(registry, policy, domainFilter, zoneIdFilter, providerCacheTime, dryRun,
                share, min, hold);
    }

    public DnsSyncSettings withProviderCacheTime(Duration cacheTime) {
        return new DnsSyncSettings(registry, policy, domainFilter, zoneIdFilter, cacheTime, dryRun,
                maxDeleteShare, minDeletes, deleteHold);
    }

    boolean publishes(String host) {
        return domainFilter.isEmpty() || domainFilter.stream().anyMatch(d -> DnsNames.isWithin(host, d));
    }

    boolean reads(Zone zone) {
        boolean byId = zoneIdFilter.isEmpty() || zoneIdFilter.contains(zone.id());
        boolean byDomain = domainFilter.isEmpty() || domainFilter.stream()
                .anyMatch(d -> DnsNames.isWithin(zone.name(), d) || DnsNames.isWithin(d, zone.name()));
        return byId && byDomain;
    }
}
