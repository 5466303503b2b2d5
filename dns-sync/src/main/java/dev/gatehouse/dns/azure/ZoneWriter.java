package dev.gatehouse.dns.azure;

import dev.gatehouse.cloudsdk.AzureErrors;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.dns.fluent.RecordSetsClient;
import com.azure.resourcemanager.dns.fluent.models.RecordSetInner;
import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordKey;
import dev.gatehouse.dns.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link Changes} to one zone, a request per record set: deletes, then updates, then creates.
 * A PUT replaces the whole record set it names, so record sets the changes do not name are never touched.
 *
 * <p>Every write is conditional. A create sends {@code If-None-Match: *} (only if nobody made the record set
 * meanwhile); an update and a delete send {@code If-Match} with the ETag {@link AzureDnsProvider#records}
 * read. Azure checks ETags per record set, so a failed write does not stop the others; once all were tried,
 * the failures are thrown together, as {@link DnsConflictException} when any precondition failed (the zone
 * must be read again before those records can be written), as {@link DnsException} otherwise, each naming the
 * record sets that failed ({@link DnsException#recordFailures()}) so that the sync tells each object of its own.
 */
final class ZoneWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ZoneWriter.class);
    private static final String ANY = "*";

    private record Failure(String write, RecordKey key, String reason, Throwable cause, boolean conflict) {
    }

    private final RecordSetsClient client;
    private final ETags etags;
    private final Zone zone;
    private final ZoneAddress address;
    private final List<Failure> failures = new ArrayList<>();

    ZoneWriter(RecordSetsClient client, ETags etags, Zone zone, ZoneAddress address) {
        this.client = client;
        this.etags = etags;
        this.zone = zone;
        this.address = address;
    }

    void apply(Changes changes) {
        changes.deletes().forEach(this::delete);
        changes.updates().forEach(update -> update(update.to()));
        changes.creates().forEach(this::create);
        if (!failures.isEmpty()) {
            throw failure(changes.size());
        }
    }

    private void create(DnsRecord record) {
        write("create " + record.key() + " (If-None-Match " + ANY + ")", record.key(),
                () -> etags.written(zone, record.key(), etagOf(put(record, null, ANY))));
    }

    private void update(DnsRecord record) {
        ifRead("update", record.key()).ifPresent(etag -> write("update " + record.key() + " (If-Match " + etag + ")",
                record.key(), () -> etags.written(zone, record.key(), etagOf(put(record, etag, null)))));
    }

    private void delete(DnsRecord record) {
        ifRead("delete", record.key()).ifPresent(etag -> write("delete " + record.key() + " (If-Match " + etag + ")",
                record.key(), () -> {
                    client.deleteWithResponse(address.resourceGroup(), address.name(),
                            RecordSetCodec.relativeName(zone, record.name()), RecordSetCodec.azureType(record.type()),
                            etag, Context.NONE);
                    etags.forget(zone, record.key());
                }));
    }

    /** Without an ETag the write cannot be made conditional, so it waits for the next read instead. */
    private Optional<String> ifRead(String action, RecordKey key) {
        Optional<String> etag = etags.of(zone, key);
        if (etag.isEmpty()) {
            failures.add(new Failure(action + " " + key, key, "no ETag was read for it", null, true));
        }
        return etag;
    }

    private Response<RecordSetInner> put(DnsRecord record, String ifMatch, String ifNoneMatch) {
        return client.createOrUpdateWithResponse(address.resourceGroup(), address.name(),
                RecordSetCodec.relativeName(zone, record.name()), RecordSetCodec.azureType(record.type()),
                RecordSetCodec.toRecordSet(record), ifMatch, ifNoneMatch, Context.NONE);
    }

    private static String etagOf(Response<RecordSetInner> response) {
        if (response.getValue() != null && response.getValue().etag() != null) {
            return response.getValue().etag();
        }
        return response.getHeaders().getValue(HttpHeaderName.ETAG);
    }

    private void write(String write, RecordKey key, Runnable call) {
        try {
            call.run();
            LOG.debug("azure zone {}: {} done", zone.name(), write);
        } catch (RuntimeException e) {
            boolean conflict = AzureErrors.isPreconditionFailed(e);
            if (conflict) {
                etags.forget(zone, key);
            }
            failures.add(new Failure(write, key, AzureErrors.describe(e), e, conflict));
        }
    }

    private DnsException failure(int attempted) {
        boolean conflict = failures.stream().anyMatch(Failure::conflict);
        String message = "azure zone " + zone.name() + ": " + failures.size() + " of " + attempted + " writes failed: "
                + failures.stream().map(f -> f.write() + ": " + f.reason()).collect(Collectors.joining("; "))
                + (conflict ? " (record sets changed since the zone was read: read it again and plan again)" : "");
        Map<RecordKey, String> byRecord = new LinkedHashMap<>();
        failures.forEach(f -> byRecord.merge(f.key(), f.write() + ": " + f.reason(), (a, b) -> a + "; " + b));
        Throwable cause = failures.stream().map(Failure::cause).filter(c -> c != null).findFirst().orElse(null);
        DnsException failure = conflict ? new DnsConflictException(message, cause, byRecord)
                : new DnsException(message, cause, byRecord);
        failures.stream().map(Failure::cause).filter(c -> c != null && c != cause).forEach(failure::addSuppressed);
        return failure;
    }
}
