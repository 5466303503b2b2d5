package dev.gatehouse.controller.runtime;

import dev.gatehouse.proxy.ProxyServer;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A running Gatehouse, as {@link StandaloneGatehouse#start} or {@link ClusterGatehouse#start} assembled
 * it: the proxy serving the routes of its sources. {@link #close()} stops its parts in the reverse order
 * of their start, the proxy (draining as asked) and, in a cluster, the API client last.
 */
public final class Gatehouse implements AutoCloseable {

    private final Lifecycle parts;
    private final ProxyServer proxy;
    private final Runnable rebuild;
    private final BooleanSupplier leader;

    Gatehouse(Lifecycle parts, ProxyServer proxy, Runnable rebuild, BooleanSupplier leader) {
        this.parts = parts;
        this.proxy = proxy;
        this.rebuild = rebuild;
        this.leader = leader;
    }

    public ProxyServer proxy() {
        return proxy;
    }

    /** Whether this replica writes to the world (status, Events, certificates, DNS, load balancers): always, standalone. */
    public boolean isLeader() {
        return leader.getAsBoolean();
    }

    /** Rebuilds at once (once every source was read), without waiting for a change to be noticed: for tests and signals. */
    public void rebuildNow() {
        rebuild.run();
    }

    /** The running parts' names, in the order they started (they stop in the reverse order). */
    List<String> parts() {
        return parts.names();
    }

    @Override
    public void close() {
        parts.stop();
    }
}
