package dev.gatehouse.routing;

/**
 * A host served over TLS, and where its certificate comes from: the data the HTTPS listener's SNI
 * lookup will read. A changed certificate (a rotated Secret) is a changed binding, so it publishes a
 * new snapshot.
 *
 * @param host        the host pattern the certificate is presented for (exact or wildcard)
 * @param secret      {@code namespace/name} of the Secret holding it
 * @param fingerprint a digest of the certificate and key, e.g. {@code sha256:1f2e...}: tells versions apart
 */
public record TlsBinding(HostPattern host, String secret, String fingerprint) implements Comparable<TlsBinding> {

    public TlsBinding {
        if (host == null || host.kind() == HostPattern.Kind.ANY) {
            throw new IllegalArgumentException("a TLS binding needs an exact or wildcard host, not " + host);
        }
        if (secret == null || secret.isEmpty() || fingerprint == null || fingerprint.isEmpty()) {
            throw new IllegalArgumentException("a TLS binding for " + host + " needs a secret and a fingerprint");
        }
    }

    @Override
    public int compareTo(TlsBinding other) {
        return host.compareTo(other.host);
    }
}
