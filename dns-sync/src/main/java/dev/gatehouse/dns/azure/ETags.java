package dev.gatehouse.dns.azure;

import dev.gatehouse.dns.RecordKey;
import dev.gatehouse.dns.Zone;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ETag of each record set as last read or written, per zone: a write sends it in {@code If-Match}, so
 * a record set changed by someone else since the read fails with 412 instead of being overwritten.
 */
final class ETags {

    private final Map<String, Map<RecordKey, String>> byZone = new ConcurrentHashMap<>();

    /** Replaces everything known of the zone by a fresh read. */
    void read(Zone zone, Map<RecordKey, String> etags) {
        byZone.put(zone.id(), new ConcurrentHashMap<>(etags));
    }

    Optional<String> of(Zone zone, RecordKey key) {
        return Optional.ofNullable(byZone.getOrDefault(zone.id(), Map.of()).get(key));
    }

    /** After a successful PUT, so that the next apply without a read in between still matches. */
    void written(Zone zone, RecordKey key, String etag) {
        Map<RecordKey, String> zoneTags = byZone.computeIfAbsent(zone.id(), id -> new ConcurrentHashMap<>());
        if (etag == null) {
            zoneTags.remove(key);
        } else {
            zoneTags.put(key, etag);
        }
    }

    void forget(Zone zone, RecordKey key) {
        Map<RecordKey, String> zoneTags = byZone.get(zone.id());
        if (zoneTags != null) {
            zoneTags.remove(key);
        }
    }
}
