package dev.gatehouse.tls;

/** Why a certificate and key cannot be served: one sentence, saying what was expected. */
public final class CertificateProblem extends Exception {

    public CertificateProblem(String reason) {
        super(reason, null, false, false);
    }
}
