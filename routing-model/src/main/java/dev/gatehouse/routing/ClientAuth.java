package dev.gatehouse.routing;

import com.google.re2j.Pattern;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Client certificate authentication of a TLS host, ingress-nginx's {@code auth-tls-*} annotations: the listener asks
 * the client for a certificate in the handshake for this host's server name, checks it against the host's CAs and
 * CRLs, and answers or forwards each request by what it found, as nginx's {@code ssl_verify_client} does.
 *
 * @param secret          {@code namespace/name} of the Secret the CAs came from, for messages
 * @param mode            how the certificate is asked for and what a request needs
 * @param authorities     the CAs a client certificate must chain to ({@code ca.crt}); never empty
 * @param revocations     the CRLs of those CAs ({@code ca.crl}); empty when revocation is not checked
 * @param depth           the most certificates a client chain may have below its CA ({@code auth-tls-verify-depth})
 * @param errorPage       where a request that fails is redirected (302) instead of answered 400, or null
 * @param passCertificate whether the client's certificate goes upstream, URL-encoded PEM in {@code ssl-client-cert}
 * @param matchSubject    a regular expression the client's subject DN must contain a match of (else 403), or null
 */
public record ClientAuth(String secret, Mode mode, List<X509Certificate> authorities, List<X509CRL> revocations, int depth,
                         String errorPage, boolean passCertificate, Pattern matchSubject) {

    /** nginx's {@code ssl_verify_client} values. */
    public enum Mode {
        /** A certificate the CAs vouch for is required: without one, 400. */
        ON,
        /** A certificate is asked for; a request without one passes, one with a bad one gets 400. */
        OPTIONAL,
        /** As OPTIONAL, and a certificate from an unknown CA passes too (marked FAILED to the upstream). */
        OPTIONAL_NO_CA,
        /** Nothing is asked for; the upstream still learns that no certificate came (NONE). */
        OFF
    }

    public ClientAuth {
        Objects.requireNonNull(mode, "mode");
        if (secret == null || secret.isEmpty() || authorities == null || authorities.isEmpty()) {
            throw new IllegalArgumentException("client certificate authentication needs a secret and at least one CA");
        }
        if (depth < 0) {
            throw new IllegalArgumentException("client certificate verify depth " + depth + " must be 0 or more");
        }
        authorities = List.copyOf(authorities);
        revocations = revocations == null ? List.of() : List.copyOf(revocations);
    }

    /** Whether the handshake asks the client for a certificate. */
    public boolean asksForCertificate() {
        return mode != Mode.OFF;
    }

    // a compiled Pattern has no equality of its own: two settings are the same when their expressions are
    @Override
    public boolean equals(Object other) {
        return other instanceof ClientAuth that && secret.equals(that.secret) && mode == that.mode
                && authorities.equals(that.authorities) && revocations.equals(that.revocations) && depth == that.depth
                && Objects.equals(errorPage, that.errorPage) && passCertificate == that.passCertificate
                && Objects.equals(expression(matchSubject), expression(that.matchSubject));
    }

    @Override
    public int hashCode() {
        return Objects.hash(secret, mode, authorities, depth, errorPage, passCertificate, expression(matchSubject));
    }

    @Override
    public String toString() {
        return "ClientAuth[" + mode + " from " + secret + ", " + authorities.size() + " CA(s), " + revocations.size()
                + " CRL(s), depth " + depth + "]";
    }

    private static String expression(Pattern pattern) {
        return pattern == null ? null : pattern.pattern();
    }
}
