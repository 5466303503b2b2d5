package dev.gatehouse.proxy;

import dev.gatehouse.routing.RoutingSnapshot;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;

/**
 * The running data plane: an HTTP listener serving the live routing snapshot, and the admin port.
 *
 * <p>It starts with an empty snapshot (every request gets 404) and is not ready until the first
 * {@link #apply}. Applying swaps the whole configuration with one reference write: requests already in
 * flight finish on the snapshot they started with, and no connection is dropped.
 */
public interface ProxyServer extends AutoCloseable {

    /**
     * Binds the listeners and starts serving.
     *
     * @param settings ports, threads and timeouts
     * @param registry where the proxy registers its metrics, also served on the admin port's {@code /metrics}
     * @throws IllegalStateException when a port cannot be bound, naming the address
     */
    static ProxyServer start(ProxySettings settings, PrometheusRegistry registry) {
        return HttpProxy.start(settings, registry);
    }

    /**
     * Makes {@code snapshot} live. The per-snapshot runtime is built on the calling thread, never on an
     * event loop; calls are serialized.
     */
    void apply(RoutingSnapshot snapshot);

    /** The live snapshot. */
    RoutingSnapshot snapshot();

    /** Whether a first snapshot has been applied. */
    boolean ready();

    /** The bound HTTP listener address (with the real port when 0 was asked for). */
    InetSocketAddress httpAddress();

    /** The bound admin address. */
    InetSocketAddress adminAddress();

    /** Stops listening and closes every connection. */
    @Override
    void close();
}
