package dev.gatehouse.routing;

/**
 * TLS passthrough by server name: a connection to {@code port} whose ClientHello names {@code host} (SNI) is not
 * decrypted; its bytes, ClientHello included, are relayed to an endpoint of {@code cluster}, which terminates TLS
 * itself. Served for ingress-nginx's {@code ssl-passthrough} annotation and Gateway API TLSRoutes.
 *
 * <p>An exact host matches that name only; a wildcard {@code *.example.com} matches any name ending in
 * {@code .example.com} (Gateway API's suffix rule: {@code a.b.example.com} too, not {@code example.com}), the longest
 * matching suffix first.
 *
 * @param host    the server name, exact or wildcard (never the any-host pattern: a connection without a known name
 *                is never passed through)
 * @param port    the proxy port the rule is served on: the HTTPS listener's, where other names are terminated as usual,
 *                or a port of its own, where other names are refused
 * @param cluster where the connections go
 */
public record TlsPassthrough(HostPattern host, int port, ClusterName cluster) implements Comparable<TlsPassthrough> {

    public TlsPassthrough {
        if (host == null || cluster == null) {
            throw new IllegalArgumentException("TLS passthrough needs a host and a cluster");
        }
        if (host.kind() == HostPattern.Kind.ANY) {
            throw new IllegalArgumentException("TLS passthrough needs a server name (expected an exact or wildcard host, not \"*\")");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TLS passthrough of " + host + ": port " + port + " is out of range (expected 1-65535)");
        }
    }

    /** A stable label for metrics, logs and {@code /routes}. */
    public String name() {
        return "tls-passthrough " + port + " " + host;
    }

    /** By port, then exact hosts before wildcards, by name. */
    @Override
    public int compareTo(TlsPassthrough other) {
        int byPort = Integer.compare(port, other.port);
        return byPort != 0 ? byPort : host.compareTo(other.host);
    }
}
