package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.routing.TlsCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Any text in a TLS Secret's {@code tls.crt} and {@code tls.key} (and in a CA bundle) is read into a certificate
 * or refused with a {@link CertificateProblem} that says why, never another exception. Input: the chain, a line
 * {@value #KEY_LINE}, the key; without that line the whole text is both. Seeds: chains in either order, RSA
 * (PKCS#1, PKCS#8), EC (SEC1 with parameters, PKCS#8) and Ed25519 keys made by openssl, and broken ones.
 */
class PemCertificatesFuzzTest {

    static final String KEY_LINE = "=== tls.key ===\n";

    @FuzzTest
    void anyCertificateAndKeyTextIsReadOrRefusedWithAReason(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int split = text.indexOf(KEY_LINE);
        String chain = split < 0 ? text : text.substring(0, split);
        String key = split < 0 ? text : text.substring(split + KEY_LINE.length());
        try {
            TlsCertificate certificate = PemCertificates.read(chain, key);
            assertThat(certificate.chain()).isNotEmpty();
            PemCertificates.checkValidity(certificate, Instant.now());
        } catch (CertificateProblem problem) {
            assertThat(problem.getMessage()).isNotBlank();
        }
        try {
            assertThat(PemCertificates.certificates(chain)).isNotEmpty();
        } catch (CertificateProblem problem) {
            assertThat(problem.getMessage()).isNotBlank();
        }
    }
}
