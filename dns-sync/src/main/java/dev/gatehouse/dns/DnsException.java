package dev.gatehouse.dns;

/** A provider call that failed; the sync retries it later with backoff. */
public class DnsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DnsException(String message) {
        super(message);
    }

    public DnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
