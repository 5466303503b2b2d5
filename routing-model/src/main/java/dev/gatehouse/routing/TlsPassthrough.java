package dev.gatehouse.routing;

import java.util.List;

/**
 * TLS passthrough by server name: a connection to {@code port} whose ClientHello names {@code host} (SNI) is not
 * decrypted; its bytes, ClientHello included, are relayed to an endpoint of one of the {@code backends}, which
 * terminates TLS itself. Served for ingress-nginx's {@code ssl-passthrough} annotation and Gateway API TLSRoutes.
 *
 * <p>An exact host matches that name only; a wildcard {@code *.example.com} matches any name ending in
 * {@code .example.com} (Gateway API's suffix rule: {@code a.b.example.com} too, not {@code example.com}), the longest
 * matching suffix first.
 *
 * @param host     the server name, exact or wildcard (never the any-host pattern: a connection without a known name
 *                 is never passed through)
 * @param port     the proxy port the rule is served on: the HTTPS listener's, where other names are terminated as usual,
 *                 or a port of its own, where other names are refused
 * @param backends where the connections go, each connection to one of them in proportion to its weight
 */
public record TlsPassthrough(HostPattern host, int port, List<Backend> backends) implements Comparable<TlsPassthrough> {

    /**
     * One cluster of a rule and its share of the connections.
     *
     * @param weight at least 1; a backend that takes no connections is left out of the rule
     */
    public record Backend(ClusterName cluster, int weight) {

        public Backend {
            if (cluster == null || weight < 1) {
                throw new IllegalArgumentException("a TLS passthrough backend needs a cluster and a weight of at least 1, not " + weight);
            }
        }
    }

    /** A rule whose connections all go to {@code cluster}. */
    public TlsPassthrough(HostPattern host, int port, ClusterName cluster) {
        this(host, port, List.of(new Backend(cluster, 1)));
    }

    public TlsPassthrough {
        if (host == null || backends == null || backends.isEmpty()) {
            throw new IllegalArgumentException("TLS passthrough needs a host and a backend");
        }
        backends = List.copyOf(backends);
        if (host.kind() == HostPattern.Kind.ANY) {
            throw new IllegalArgumentException("TLS passthrough needs a server name (expected an exact or wildcard host, not \"*\")");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TLS passthrough of " + host + ": port " + port + " is out of range (expected 1-65535)");
        }
        long total = backends.stream().mapToLong(Backend::weight).sum();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("TLS passthrough of " + host + ": the weights add up to " + total + " (expected at most "
                    + Integer.MAX_VALUE + ")");
        }
    }

    /** A stable label for metrics, logs and {@code /routes}. */
    public String name() {
        return "tls-passthrough " + port + " " + host;
    }

    /** The sum of the backends' weights. */
    public int totalWeight() {
        int total = 0;
        for (Backend backend : backends) {
            total += backend.weight();
        }
        return total;
    }

    /**
     * The cluster that {@code unit}, a number from 0 to {@link #totalWeight()} - 1 drawn at random per connection, falls to:
     * each backend takes as many units as its weight, in order.
     */
    public ClusterName pick(int unit) {
        int left = unit;
        for (Backend backend : backends) {
            if (left < backend.weight()) {
                return backend.cluster();
            }
            left -= backend.weight();
        }
        throw new IllegalArgumentException("unit " + unit + " is beyond the total weight " + totalWeight() + " of " + name());
    }

    /** By port, then exact hosts before wildcards, by name. */
    @Override
    public int compareTo(TlsPassthrough other) {
        int byPort = Integer.compare(port, other.port);
        return byPort != 0 ? byPort : host.compareTo(other.host);
    }
}
