package dev.gatehouse.dns.azure;

import dev.gatehouse.cloudsdk.AzureErrors;
import com.azure.core.util.Context;
import com.azure.resourcemanager.dns.fluent.DnsManagementClient;
import com.azure.resourcemanager.dns.fluent.RecordSetsClient;
import com.azure.resourcemanager.dns.fluent.models.RecordSetInner;
import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsProvider;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordKey;
import dev.gatehouse.dns.Zone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azure DNS as a {@link DnsProvider}.
 *
 * <p>{@link Zone#id()} is the zone's ARM resource id. Zones are listed per configured resource group and
 * kept for {@link AzureDnsSettings#zoneCacheTtl()}. {@link #records} remembers each record set's ETag, and
 * {@link #apply} makes every write conditional on it: a record set that someone else changed since the read
 * fails with HTTP 412, which becomes {@link DnsConflictException}. Throttling (429) and server errors are
 * retried by azure-core's retry policy, which waits out {@code Retry-After}.
 *
 * <p>A CNAME cannot sit at a zone apex in Azure DNS; the sync publishes the addresses of such a target instead.
 */
public final class AzureDnsProvider implements DnsProvider {

    private final String subscriptionId;
    private final RecordSetsClient recordSets;
    private final ZoneDirectory zones;
    private final ETags etags = new ETags();

    private AzureDnsProvider(DnsManagementClient client, AzureDnsSettings settings) {
        this.subscriptionId = settings.subscriptionId();
        this.recordSets = client.getRecordSets();
        this.zones = new ZoneDirectory(client.getZones(), settings);
    }

    public static AzureDnsProvider create(AzureDnsSettings settings) {
        return new AzureDnsProvider(AzureClients.create(settings), settings);
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public List<Zone> zones() {
        return zones.zones();
    }

    @Override
    public List<DnsRecord> records(Zone zone) {
        ZoneAddress address = ZoneAddress.of(zone, subscriptionId);
        List<DnsRecord> records = new ArrayList<>();
        Map<RecordKey, String> read = new HashMap<>();
        try {
            for (RecordSetInner set : recordSets.listByDnsZone(address.resourceGroup(), address.name(), null, null,
                    Context.NONE)) {
                Optional<DnsRecord> record = RecordSetCodec.toRecord(zone, set);
                if (record.isPresent()) {
                    records.add(record.get());
                    if (set.etag() != null) {
                        read.put(record.get().key(), set.etag());
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new DnsException("azure zone " + zone.name() + ": reading the record sets of " + zone.id()
                    + " failed: " + AzureErrors.describe(e), e);
        }
        etags.read(zone, read);
        records.sort(Comparator.comparing(DnsRecord::key));
        return List.copyOf(records);
    }

    @Override
    public void apply(Zone zone, Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        new ZoneWriter(recordSets, etags, zone, ZoneAddress.of(zone, subscriptionId)).apply(changes);
    }
}
