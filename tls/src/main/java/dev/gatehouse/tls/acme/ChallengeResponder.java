package dev.gatehouse.tls.acme;

/** Makes the proxy answer ACME HTTP-01 challenges, on every replica the certificate authority may reach. */
public interface ChallengeResponder {

    /**
     * Starts answering {@code /.well-known/acme-challenge/TOKEN} with the key authorization; returns once
     * it is answered, so that the certificate authority may be told to look.
     *
     * @throws AcmeFailure when the answer could not be published in time
     */
    void publish(String token, String keyAuthorization) throws AcmeFailure, InterruptedException;

    /** Stops answering the challenge; the authority has decided. */
    void withdraw(String token);
}
