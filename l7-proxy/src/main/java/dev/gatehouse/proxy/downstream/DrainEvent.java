package dev.gatehouse.proxy.downstream;

/**
 * Fired down an HTTP/1 pipeline by {@link ConnectionGuard#drain} when the proxy shuts down: the connection closes when
 * idle, else after the response in flight.
 */
enum DrainEvent {
    DRAIN
}
