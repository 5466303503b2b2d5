package dev.gatehouse.controller.runtime;

/**
 * A named part of a running Gatehouse (the proxy, a source, a leader-only loop): started once, stopped
 * once. {@link Lifecycle} starts parts in order and stops them in the reverse order.
 */
interface Component {

    /** What the logs call this part. */
    String name();

    void start() throws Exception;

    /** Releases what {@link #start} took; called only after it succeeded. */
    void stop();
}
