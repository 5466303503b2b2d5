package dev.gatehouse.proxy;

import dev.gatehouse.routing.RoutingSnapshot;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The running data plane: an HTTP listener (HTTP/1.x and HTTP/2 with prior knowledge) serving the live
 * routing snapshot, the snapshot's TCP listeners, and the admin port. {@link HttpProxy#start} starts one.
 *
 * <p>It starts with an empty snapshot (every request gets 404) and is not ready until the first
 * {@link #apply}. Applying swaps the whole configuration with one reference write: requests already in
 * flight finish on the snapshot they started with, and no connection is dropped.
 */
public interface ProxyServer extends AutoCloseable {

    /**
     * Makes {@code snapshot} live, with its proxy settings ({@link RoutingSnapshot#tuning()}) in place of those the proxy
     * started with: new connections and requests use them, open connections keep theirs. The per-snapshot runtime is
     * built on the calling thread, never on an event loop; calls are serialized.
     *
     * @throws IllegalArgumentException when a setting of the snapshot is out of range, naming it; the live snapshot and
     *                                  settings stay as they were
     */
    void apply(RoutingSnapshot snapshot);

    /** The live snapshot. */
    RoutingSnapshot snapshot();

    /** Whether a first snapshot has been applied and no shutdown has begun. */
    boolean ready();

    /** The bound HTTP listener address (with the real port when 0 was asked for). */
    InetSocketAddress httpAddress();

    /**
     * Serves {@code text} as a read-only plain-text view at {@code path} of the admin port, beside
     * {@code /routes}; the supplier is called on the admin port's thread for each request, so it must be cheap.
     *
     * @throws IllegalArgumentException when the path does not start with {@code /} or is already served
     */
    void serveAdminText(String path, Supplier<String> text);

    /**
     * Serves what {@code json} returns (maps, lists, records and scalars) as JSON at {@code path} of the admin port, as
     * the controller's views of the dashboard ({@code /api/v1/certificates}, ...); called on the admin port's thread
     * for each request, so it must be cheap, and must hold nothing secret.
     *
     * @throws IllegalArgumentException when the path does not start with {@code /} or is already served
     */
    void serveAdminJson(String path, Supplier<?> json);

    /**
     * Adds what {@code json} returns (maps, lists, records and scalars) to {@code /routes} as its field {@code name}, after
     * the proxy's own: what only the controller knows about the routing, such as the Gateway API conditions. Called on the
     * admin port's thread for each request, so it must be cheap, and must hold nothing secret.
     *
     * @throws IllegalArgumentException when {@code /routes} already has a field of that name
     */
    void addToRoutes(String name, Supplier<?> json);

    /** The bound admin address. */
    InetSocketAddress adminAddress();

    /** The HTTPS listener's address, or null when there is none. */
    InetSocketAddress httpsAddress();

    /**
     * The bound address of the live snapshot's TCP listener on {@code port}, or null when there is none or its
     * port could not be bound (the next {@link #apply} tries again; {@code /routes} says why).
     */
    InetSocketAddress tcpAddress(int port);

    /** The bound address of the live snapshot's UDP listener on {@code port}, or null as for {@link #tcpAddress}. */
    InetSocketAddress udpAddress(int port);

    /**
     * Stops gracefully, blocking the caller: readiness turns false at once; after {@code drainDelay} (time
     * for load balancers to notice) the listener closes and new connections are refused; responses carry
     * {@code Connection: close} and idle connections close; requests in flight finish, up to
     * {@code timeout} after the listener closed, when whatever is left is closed. TCP listeners close with
     * the HTTP listener; their connections, which have no request to finish, may go on up to the same
     * {@code timeout}.
     */
    void shutdown(Duration drainDelay, Duration timeout);

    /** Stops at once, closing every connection. */
    @Override
    void close();
}
