package dev.gatehouse.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone apex cannot hold a CNAME, so where the provider has no alias records a hostname target at the
 * apex is published as the A and AAAA records it resolves to, refreshed every loop.
 */
final class ApexFlattening {

    /** Resolves a hostname; the system resolver in production, a table in tests. */
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;

    ApexFlattening(Resolver resolver) {
        this.resolver = resolver;
    }

    static ApexFlattening system() {
        return new ApexFlattening(host -> List.of(InetAddress.getAllByName(host)));
    }

    /** The records to publish instead; throws when the target does not resolve. */
    List<DnsRecord> flatten(DnsRecord cname) throws UnknownHostException {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (InetAddress address : resolver.resolve(cname.targets().get(0))) {
            (address instanceof Inet6Address ? v6 : v4).add(address.getHostAddress());
        }
        List<DnsRecord> records = new ArrayList<>();
        if (!v4.isEmpty()) {
            records.add(new DnsRecord(cname.name(), RecordType.A, cname.ttl(), v4, false));
        }
        if (!v6.isEmpty()) {
            records.add(new DnsRecord(cname.name(), RecordType.AAAA, cname.ttl(), v6, false));
        }
        return records;
    }
}
