package dev.gatehouse.dns.azure;

import dev.gatehouse.cloudsdk.AzureErrors;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.util.Context;
import com.azure.resourcemanager.dns.fluent.ZonesClient;
import com.azure.resourcemanager.dns.fluent.models.ZoneInner;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsNames;
import dev.gatehouse.dns.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The DNS zones of the configured resource groups (or of the whole subscription), narrowed by the domain
 * filter and kept for the cache's lifetime: zones come and go far more rarely than records, and every
 * listing costs a page of ARM requests per resource group.
 */
final class ZoneDirectory {

    private final ZonesClient client;
    private final List<String> resourceGroups;
    private final List<String> domains;
    private final long ttlNanos;
    private List<Zone> cached;
    private long listedAt;

    ZoneDirectory(ZonesClient client, AzureDnsSettings settings) {
        this.client = client;
        this.resourceGroups = settings.resourceGroups();
        this.domains = settings.domainFilter();
        this.ttlNanos = settings.zoneCacheTtl().toNanos();
    }

    synchronized List<Zone> zones() {
        long now = System.nanoTime();
        if (cached == null || now - listedAt >= ttlNanos) {
            cached = list();
            listedAt = now;
        }
        return cached;
    }

    private List<Zone> list() {
        List<Zone> zones = new ArrayList<>();
        if (resourceGroups.isEmpty()) {
            collect(client.list(null, Context.NONE), "the subscription", zones);
        }
        for (String group : resourceGroups) {
            collect(client.listByResourceGroup(group, null, Context.NONE), "resource group " + group, zones);
        }
        zones.sort(Comparator.comparing(Zone::name).thenComparing(Zone::id));
        return List.copyOf(zones);
    }

    /** Iterating the pages is what sends the requests, so failures surface here rather than at the call. */
    private void collect(PagedIterable<ZoneInner> pages, String where, List<Zone> into) {
        try {
            for (ZoneInner zone : pages) {
                if (admits(zone.name())) {
                    into.add(new Zone(zone.id(), zone.name()));
                }
            }
        } catch (RuntimeException e) {
            throw new DnsException("azure: listing the DNS zones of " + where + " failed: " + AzureErrors.describe(e), e);
        }
    }

    private boolean admits(String zoneName) {
        return domains.isEmpty() || domains.stream().anyMatch(domain -> DnsNames.isWithin(zoneName, domain));
    }
}
