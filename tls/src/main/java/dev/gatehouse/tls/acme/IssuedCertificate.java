package dev.gatehouse.tls.acme;

import java.time.Instant;

/**
 * A certificate issued by the authority, in the form a {@code kubernetes.io/tls} Secret holds it.
 *
 * @param chainPem  the leaf and its issuers, PEM, as the authority sent them
 * @param keyPem    the leaf's private key (a new EC P-256 key per order), PEM
 * @param notBefore start of the leaf's validity
 * @param notAfter  end of the leaf's validity
 */
public record IssuedCertificate(String chainPem, String keyPem, Instant notBefore, Instant notAfter) {

    /** When this certificate should be replaced: see {@link Renewal#dueAt}. */
    public Instant renewalDue() {
        return Renewal.dueAt(notBefore, notAfter);
    }
}
