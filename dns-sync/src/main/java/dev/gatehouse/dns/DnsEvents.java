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

    /**
     * Writing to a zone failed for an object with records in it ({@code resource}), and this failure is news
     * for it: it was fine, or failed otherwise. Not called again while the same failure is retried.
     */
    void failed(Zone zone, String resource, String message);

    /** The zone's loop went through again for an object that had been told it failed; once per recovery. */
    void recovered(Zone zone, String resource);

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
            public void failed(Zone zone, String resource, String message) {
            }

            @Override
            public void recovered(Zone zone, String resource) {
            }

            @Override
            public void noZone(Desired desired) {
            }
        };
    }
}
