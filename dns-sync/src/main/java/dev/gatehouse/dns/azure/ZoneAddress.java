package dev.gatehouse.dns.azure;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.Zone;

/**
 * Where a zone lives in Azure Resource Manager, parsed from the {@link Zone#id()} that
 * {@link AzureDnsProvider#zones()} gives out: the zone's ARM resource id
 * ({@code /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<name>}).
 */
record ZoneAddress(String resourceGroup, String name) {

    private static final String ZONE_TYPE = "Microsoft.Network/dnszones";

    static ZoneAddress of(Zone zone, String subscriptionId) {
        ResourceId id;
        try {
            id = ResourceId.fromString(zone.id());
        } catch (RuntimeException e) {
            throw notAZoneId(zone, subscriptionId, e);
        }
        if (id == null || !ZONE_TYPE.equalsIgnoreCase(id.fullResourceType()) || id.resourceGroupName() == null) {
            throw notAZoneId(zone, subscriptionId, null);
        }
        if (!subscriptionId.equalsIgnoreCase(id.subscriptionId())) {
            throw new DnsException("azure zone " + zone.name() + ": id " + zone.id() + " is in subscription "
                    + id.subscriptionId() + ", expected subscription " + subscriptionId);
        }
        return new ZoneAddress(id.resourceGroupName(), id.name());
    }

    private static DnsException notAZoneId(Zone zone, String subscriptionId, Throwable cause) {
        return new DnsException("azure zone " + zone.name() + ": id \"" + zone.id()
                + "\" is not a DNS zone's resource id (expected /subscriptions/" + subscriptionId
                + "/resourceGroups/<group>/providers/" + ZONE_TYPE + "/<name>)", cause);
    }
}
