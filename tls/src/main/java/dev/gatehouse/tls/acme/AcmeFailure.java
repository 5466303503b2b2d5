package dev.gatehouse.tls.acme;

/** An order that did not yield a certificate, with the reason the certificate authority (or we) gave. */
public final class AcmeFailure extends Exception {

    public AcmeFailure(String message) {
        super(message);
    }

    public AcmeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
