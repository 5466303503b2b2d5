package dev.gatehouse.routing;

/**
 * A host served over TLS with the certificate the HTTPS listener presents for it, and the Secret it came
 * from. A changed certificate (a rotated Secret) is a changed binding, so it publishes a new snapshot.
 *
 * @param host        the host pattern the certificate is presented for (exact or wildcard)
 * @param secret      {@code namespace/name} of the Secret holding it
 * @param certificate the certificate, checked
 * @param clientAuth  what the host asks of client certificates ({@code auth-tls-*}), or null when it asks nothing
 */
public record TlsBinding(HostPattern host, String secret, TlsCertificate certificate, ClientAuth clientAuth)
        implements Comparable<TlsBinding> {

    /** A host that asks clients for no certificate. */
    public TlsBinding(HostPattern host, String secret, TlsCertificate certificate) {
        this(host, secret, certificate, null);
    }

    public TlsBinding {
        if (host == null || host.kind() == HostPattern.Kind.ANY) {
            throw new IllegalArgumentException("a TLS binding needs an exact or wildcard host, not " + host);
        }
        if (secret == null || secret.isEmpty() || certificate == null) {
            throw new IllegalArgumentException("a TLS binding for " + host + " needs a secret and a certificate");
        }
    }

    @Override
    public int compareTo(TlsBinding other) {
        return host.compareTo(other.host);
    }
}
