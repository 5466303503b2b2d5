package dev.gatehouse.routing;

/**
 * One upstream address of a {@link Cluster}.
 *
 * @param address an IP address, or a DNS name for ExternalName Services
 * @param port    the port to connect to (the endpoint's target port, not the Service port)
 * @param weight  relative share of requests, at least 1
 */
public record Endpoint(String address, int port, int weight) implements Comparable<Endpoint> {

    public Endpoint {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs an address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint " + address + ": port " + port + " is out of range (expected 1-65535)");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("endpoint " + address + ":" + port + ": weight " + weight + " must be at least 1");
        }
    }

    /** An endpoint of weight 1. */
    public static Endpoint of(String address, int port) {
        return new Endpoint(address, port, 1);
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
