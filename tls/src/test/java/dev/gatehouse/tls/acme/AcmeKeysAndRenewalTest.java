package dev.gatehouse.tls.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AcmeKeysAndRenewalTest {

    @Test
    void a_certificate_is_due_after_two_thirds_of_its_lifetime() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(Renewal.dueAt(start, start.plusSeconds(90L * 86_400))).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(Renewal.dueAt(start, start.plusSeconds(30))).isEqualTo(start.plusSeconds(20));
    }

    @Test
    void a_key_pair_survives_its_pem_text() {
        KeyPair keys = AcmeKeys.generate();

        KeyPair read = AcmeKeys.read(AcmeKeys.pem(keys));

        assertThat(read.getPrivate().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(read.getPublic().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        assertThat(AcmeKeys.pem(keys)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void text_that_holds_no_key_pair_is_refused_with_what_was_expected() {
        assertThatThrownBy(() -> AcmeKeys.read("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a PEM key pair (expected an EC or RSA private key)");
    }
}
