package dev.gatehouse.dns;

import java.util.List;

/**
 * A DNS service the sync writes to. Implementations are blocking and called from the sync's own
 * thread, never from an event loop.
 */
public interface DnsProvider extends AutoCloseable {

    /** The name used in flags, logs and metrics: {@code route53}, {@code azure}, {@code rfc2136}. */
    String name();

    /** The zones this provider may write, already narrowed by the provider's own filters. */
    List<Zone> zones();

    /**
     * Every A, AAAA, CNAME and TXT record set of the zone (alias records as A/AAAA with
     * {@link DnsRecord#alias()}); other types are left out.
     */
    List<DnsRecord> records(Zone zone);

    /**
     * Applies the changes to the zone. Throws {@link DnsConflictException} when the zone changed since
     * {@link #records} read it (the caller re-reads and plans again), {@link DnsException} otherwise.
     * A provider that batches retries a failed batch record by record so that one bad record cannot
     * block the rest of the zone, and reports the records that still failed.
     */
    void apply(Zone zone, Changes changes);

    /**
     * Turns a desired record into the form this provider stores, so that the plan compares like with
     * like: Route 53 makes a CNAME to an AWS load balancer an alias A record (and an alias AAAA for a
     * dual-stack one). The default keeps it.
     */
    default List<DnsRecord> adjust(Zone zone, DnsRecord desired) {
        return List.of(desired);
    }


    @Override
    default void close() {
    }
}
