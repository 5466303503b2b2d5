package dev.gatehouse.dns;

/**
 * Where the sync reports what users should see; the controller turns these into Kubernetes Events on
 * the object named by {@code resource} ({@code ingress/default/web}).
 */
public interface DnsEvents {

    /** A desired record was left alone (a record of someone else holds the name). */
    void skipped(Zone zone, Plan.Skip skip);

    /** The safety rule held back a loop's deletes. */
    void deletesHeld(Zone zone, String reason);

    /** A record set was written. */
    void applied(Zone zone, Plan.Step step);

    /** Writing to a zone failed; the loop retries it with backoff. */
    void failed(Zone zone, String message);

    /** A host has no zone among those the provider may write. */
    void noZone(Desired desired);

    static DnsEvents none() {
        return new DnsEvents() {
            @Override
            public void skipped(Zone zone, Plan.Skip skip) {
            }

            @Override
            public void deletesHeld(Zone zone, String reason) {
            }

            @Override
            public void applied(Zone zone, Plan.Step step) {
            }

            @Override
            public void failed(Zone zone, String message) {
            }

            @Override
            public void noZone(Desired desired) {
            }
        };
    }
}
