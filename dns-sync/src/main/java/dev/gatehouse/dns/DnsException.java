package dev.gatehouse.dns;

import java.util.Map;

/**
 * A provider call that failed; the sync retries it later with backoff.
 *
 * <p>A provider that writes record sets one by one (Azure) says which of them failed and why in
 * {@link #recordFailures()}, so that each object is told about its own records; empty when the whole call
 * failed (a read, an atomic batch), which concerns every object in the zone alike.
 */
public class DnsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Map<RecordKey, String> recordFailures;

    public DnsException(String message) {
        this(message, null, Map.of());
    }

    public DnsException(String message, Throwable cause) {
        this(message, cause, Map.of());
    }

    /** @param recordFailures each record set whose write failed, with the write and why it failed */
    public DnsException(String message, Throwable cause, Map<RecordKey, String> recordFailures) {
        super(message, cause);
        this.recordFailures = Map.copyOf(recordFailures);
    }

    /** The record sets whose writes failed, each with what failed; empty when the failure was not per record set. */
    public Map<RecordKey, String> recordFailures() {
        return recordFailures;
    }
}
