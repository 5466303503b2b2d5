package dev.gatehouse.dns;

import java.util.Map;

/**
 * The zone changed between reading it and writing it (an ETag or an RFC 2136 prerequisite did not
 * hold): someone else wrote it. The sync drops its cached read and plans again.
 */
public class DnsConflictException extends DnsException {

    private static final long serialVersionUID = 1L;

    public DnsConflictException(String message) {
        super(message);
    }

    public DnsConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    public DnsConflictException(String message, Throwable cause, Map<RecordKey, String> recordFailures) {
        super(message, cause, recordFailures);
    }
}
