package dev.gatehouse.routing;

/**
 * Names the upstream of one Service port: {@code namespace/service:port}.
 *
 * @param namespace the Service's namespace
 * @param service   the Service's name
 * @param port      the Service port number, or the port name as a route asked for it when it could not be resolved
 */
public record ClusterName(String namespace, String service, String port) implements Comparable<ClusterName> {

    public ClusterName {
        if (namespace == null || namespace.isEmpty() || service == null || service.isEmpty() || port == null || port.isEmpty()) {
            throw new IllegalArgumentException("a cluster name needs a namespace, a service and a port");
        }
    }

    /** By namespace, then service, then port: a stable order for snapshots, without building strings. */
    @Override
    public int compareTo(ClusterName other) {
        int byNamespace = namespace.compareTo(other.namespace);
        if (byNamespace != 0) {
            return byNamespace;
        }
        int byService = service.compareTo(other.service);
        return byService != 0 ? byService : port.compareTo(other.port);
    }

    @Override
    public String toString() {
        return namespace + "/" + service + ":" + port;
    }
}
