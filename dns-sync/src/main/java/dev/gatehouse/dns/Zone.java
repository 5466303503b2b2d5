package dev.gatehouse.dns;

/**
 * A zone the provider can write.
 *
 * @param id the provider's id (a Route 53 hosted zone id, an Azure resource id, or the zone name)
 * @param name the zone's apex name, canonical
 */
public record Zone(String id, String name) {

    public Zone {
        name = DnsNames.canonical(name);
    }

    public boolean contains(String host) {
        return DnsNames.isWithin(host, name);
    }

    public boolean isApex(String host) {
        return DnsNames.canonical(host).equals(name);
    }
}
