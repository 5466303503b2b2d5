package dev.gatehouse.tls.acme;

import java.time.Duration;
import java.time.Instant;

/**
 * When an issued certificate is renewed: after two thirds of its lifetime, as Let's Encrypt advises
 * (day 60 of 90), which leaves a third of it for retries when the authority is down.
 */
public final class Renewal {

    private Renewal() {
    }

    public static Instant dueAt(Instant notBefore, Instant notAfter) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        return notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
    }
}
