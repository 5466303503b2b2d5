package dev.gatehouse.routing;

/**
 * A UDP listener: datagrams to {@code port} are relayed to an endpoint of the cluster, one endpoint per client address
 * for as long as that client's session lasts (picked by the cluster's selection policy when the session starts), and
 * the endpoint's answers go back to the client from the same port.
 *
 * @param name    a stable label for metrics, logs and {@code /routes}, e.g. {@code udproute default/dns}
 * @param port    the port to bind, on the proxy's bind address
 * @param cluster where datagrams go
 */
public record UdpListener(String name, int port, ClusterName cluster) implements Comparable<UdpListener> {

    public UdpListener {
        if (name == null || name.isEmpty() || cluster == null) {
            throw new IllegalArgumentException("a UDP listener needs a name and a cluster");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("UDP listener " + name + ": port " + port + " is out of range (expected 1-65535)");
        }
    }

    @Override
    public int compareTo(UdpListener other) {
        return Integer.compare(port, other.port);
    }
}
