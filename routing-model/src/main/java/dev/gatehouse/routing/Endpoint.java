package dev.gatehouse.routing;

/**
 * One upstream address of a {@link Cluster}.
 *
 * @param address an IP address, or a DNS name for ExternalName Services
 * @param port    the port to connect to (the endpoint's target port, not the Service port)
 * @param weight  relative share of requests, at least 1
 * @param healthCheckPort the port active health checks go to, or 0 for {@code port} (marathon-lb's
 *                {@code BACKEND_HEALTHCHECK_PORT_INDEX} points it at another port of the same task)
 */
public record Endpoint(String address, int port, int weight, int healthCheckPort) implements Comparable<Endpoint> {

    /** An endpoint whose health is checked on its own port. */
    public Endpoint(String address, int port, int weight) {
        this(address, port, weight, 0);
    }

    public Endpoint {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs an address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint " + address + ": port " + port + " is out of range (expected 1-65535)");
        }
        if (healthCheckPort < 0 || healthCheckPort > 65535) {
            throw new IllegalArgumentException("endpoint " + address + ":" + port + ": health check port " + healthCheckPort
                    + " is out of range (expected 1-65535, or 0 for the endpoint's port)");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("endpoint " + address + ":" + port + ": weight " + weight + " must be at least 1");
        }
    }

    /** An endpoint of weight 1. */
    public static Endpoint of(String address, int port) {
        return new Endpoint(address, port, 1);
    }

    /** Where active health checks connect. */
    public int healthPort() {
        return healthCheckPort == 0 ? port : healthCheckPort;
    }

    @Override
    public int compareTo(Endpoint other) {
        int byAddress = address.compareTo(other.address);
        return byAddress != 0 ? byAddress : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
