package dev.gatehouse.routing;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate the HTTPS listener can present: its chain (leaf first), the leaf's private key, the
 * hosts it names and its validity. Checked before it gets here (the key matches the leaf, the chain is
 * ordered). Equal when the fingerprint is: the same chain, wherever it came from.
 *
 * @param fingerprint a digest of the chain, e.g. {@code sha256:1f2e...} (the key matches the leaf)
 * @param chain       leaf first, then each issuer
 * @param key         the leaf's private key
 * @param hosts       the DNS names of the leaf's subject alternative names (its CN when it has none)
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 */
public record TlsCertificate(String fingerprint, List<X509Certificate> chain, PrivateKey key, List<String> hosts,
                             Instant notBefore, Instant notAfter) {

    public TlsCertificate {
        if (fingerprint == null || fingerprint.isEmpty() || chain == null || chain.isEmpty() || key == null) {
            throw new IllegalArgumentException("a TLS certificate needs a fingerprint, a chain and a key");
        }
        chain = List.copyOf(chain);
        hosts = List.copyOf(hosts);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsCertificate certificate && fingerprint.equals(certificate.fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "certificate " + fingerprint + " for " + hosts + " until " + notAfter;
    }
}
