package dev.gatehouse.routing;

import java.util.List;

/**
 * A TCP listener: connections to {@code port} are forwarded, byte for byte, to an endpoint of the cluster
 * picked by its selection policy (a consistent hash on the client address, or else round robin or least
 * connections), among the endpoints its health checks have not ejected.
 *
 * @param name               a stable label for metrics, logs and {@code /routes}, e.g. {@code tcp-services 3306}
 * @param port               the port to bind, on the proxy's bind address
 * @param cluster            where connections go
 * @param acceptProxyProtocol whether downstream connections start with a PROXY protocol header (v1 or v2),
 *                           whose client address then counts (ingress-nginx's first {@code :PROXY})
 * @param sendProxyProtocol  whether each upstream connection starts with a PROXY protocol v1 header naming the
 *                           client (ingress-nginx's second {@code :PROXY})
 * @param allowedSources     CIDR blocks or addresses the client address (after PROXY protocol) must be in, else the
 *                           connection is closed at once; empty for every client (marathon-lb's
 *                           {@code BACKEND_NETWORK_ALLOWED_ACL} in tcp mode)
 */
public record TcpListener(String name, int port, ClusterName cluster, boolean acceptProxyProtocol, boolean sendProxyProtocol,
                          List<String> allowedSources) implements Comparable<TcpListener> {

    /** A listener open to every client. */
    public TcpListener(String name, int port, ClusterName cluster, boolean acceptProxyProtocol, boolean sendProxyProtocol) {
        this(name, port, cluster, acceptProxyProtocol, sendProxyProtocol, List.of());
    }

    public TcpListener {
        allowedSources = List.copyOf(allowedSources);
        if (name == null || name.isEmpty() || cluster == null) {
            throw new IllegalArgumentException("a TCP listener needs a name and a cluster");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP listener " + name + ": port " + port + " is out of range (expected 1-65535)");
        }
    }

    @Override
    public int compareTo(TcpListener other) {
        return Integer.compare(port, other.port);
    }
}
