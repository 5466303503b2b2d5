package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.DefaultCertificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The generated default certificate is renewed while running, and a given one is kept. */
class TlsContextsTest {

    @Test
    void the_generated_default_certificate_is_renewed_once_two_thirds_of_its_life_are_gone() {
        TlsContexts contexts = new TlsContexts(null);
        try {
            TlsCertificate first = contexts.defaultCertificate();

            contexts.renewDefault(at(first.notBefore().plus(Duration.ofDays(15))));
            assertThat(contexts.defaultCertificate()).isSameAs(first);

            contexts.renewDefault(at(first.notAfter().minus(Duration.ofDays(9))));
            assertThat(contexts.defaultCertificate()).isNotEqualTo(first);
            assertThat(contexts.defaultCertificate().leaf().getSubjectX500Principal().getName())
                    .isEqualTo("CN=" + DefaultCertificate.COMMON_NAME);
        } finally {
            contexts.close();
        }
    }

    @Test
    void a_default_certificate_that_was_given_is_never_replaced() {
        TlsCertificate given = DefaultCertificate.generate(Clock.systemUTC());
        TlsContexts contexts = new TlsContexts(given);

        contexts.renewDefault(at(given.notAfter().plus(Duration.ofDays(1))));

        assertThat(contexts.defaultCertificate()).isSameAs(given);
        contexts.close();
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
