package dev.gatehouse.tls;

import static dev.gatehouse.tls.testing.TestCertificates.KeyType.EC;
import static dev.gatehouse.tls.testing.TestCertificates.KeyType.ED25519;
import static dev.gatehouse.tls.testing.TestCertificates.KeyType.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a kubernetes.io/tls Secret may hold, made by Bouncy Castle and by openssl, and what is refused and why. */
class PemCertificatesTest {

    private static final Issued CA = TestCertificates.ca("Test CA");
    private static final Clock NOW = Clock.systemUTC();

    @TempDir
    Path directory;

    @Test
    void rsa_keys_in_pkcs1_and_pkcs8_are_read() throws CertificateProblem {
        Issued issued = TestCertificates.issue(CA, RSA, "shop.example.com");

        assertThat(PemCertificates.parse(issued.certificatePem(), issued.traditional(), NOW).key().getAlgorithm()).isEqualTo("RSA");
        assertThat(issued.traditional()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemCertificates.parse(issued.certificatePem(), issued.pkcs8(), NOW).key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void ec_keys_in_sec1_and_pkcs8_are_read() throws CertificateProblem {
        Issued issued = TestCertificates.issue(CA, EC, "shop.example.com");

        assertThat(issued.traditional()).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(PemCertificates.parse(issued.certificatePem(), issued.traditional(), NOW).key().getAlgorithm()).isEqualTo("EC");
        assertThat(PemCertificates.parse(issued.certificatePem(), issued.pkcs8(), NOW).key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void an_ed25519_key_in_pkcs8_is_read() throws CertificateProblem {
        Issued issued = TestCertificates.issue(CA, ED25519, "shop.example.com");

        assertThat(PemCertificates.parse(issued.certificatePem(), issued.pkcs8(), NOW).hosts()).containsExactly("shop.example.com");
    }

    @ParameterizedTest(name = "openssl: {0}")
    @ValueSource(strings = {
            "openssl genrsa -traditional -out key.pem 2048",
            "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem",
            "openssl ecparam -genkey -name prime256v1 -out key.pem",
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem",
            "openssl genpkey -algorithm ed25519 -out key.pem",
    })
    void keys_and_certificates_made_by_openssl_are_read(String keyCommand) throws Exception {
        run(keyCommand);
        run("openssl req -new -x509 -key key.pem -out cert.pem -days 2 -subj /CN=shop.example.com "
                + "-addext subjectAltName=DNS:shop.example.com,DNS:*.shop.example.com");

        TlsCertificate certificate = PemCertificates.parse(Files.readString(directory.resolve("cert.pem")),
                Files.readString(directory.resolve("key.pem")), NOW);

        assertThat(certificate.hosts()).containsExactly("shop.example.com", "*.shop.example.com");
        assertThat(certificate.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(1)));
    }

    @Test
    void a_chain_in_any_order_is_ordered_from_the_leaf() throws CertificateProblem {
        Issued leaf = TestCertificates.issue(CA, EC, "shop.example.com");

        TlsCertificate certificate = PemCertificates.parse(CA.certificatePem() + leaf.certificatePem(), leaf.pkcs8(), NOW);

        assertThat(certificate.chain()).containsExactly(leaf.certificate(), CA.certificate());
        assertThat(certificate.leaf()).isEqualTo(leaf.certificate());
    }

    @Test
    void the_hosts_are_the_dns_names_and_the_common_name_only_without_them() throws CertificateProblem {
        Issued withNames = TestCertificates.issue(CA, EC, "Shop.Example.com", "*.shop.example.com");
        Issued commonNameOnly = TestCertificates.commonNameOnly(CA, "legacy.example.com");

        assertThat(PemCertificates.parse(withNames.certificatePem(), withNames.pkcs8(), NOW).hosts())
                .containsExactly("shop.example.com", "*.shop.example.com");
        assertThat(PemCertificates.parse(commonNameOnly.certificatePem(), commonNameOnly.pkcs8(), NOW).hosts())
                .containsExactly("legacy.example.com");
    }

    @Test
    void the_same_certificate_has_the_same_fingerprint_whatever_the_key_format_and_another_another() throws CertificateProblem {
        Issued one = TestCertificates.issue(CA, EC, "shop.example.com");
        Issued two = TestCertificates.issue(CA, EC, "shop.example.com");

        String first = PemCertificates.parse(one.certificatePem(), one.pkcs8(), NOW).fingerprint();

        assertThat(PemCertificates.parse(one.certificatePem(), one.traditional(), NOW).fingerprint()).isEqualTo(first);
        assertThat(PemCertificates.parse(two.certificatePem(), two.pkcs8(), NOW).fingerprint()).isNotEqualTo(first);
    }

    @Test
    void broken_secrets_are_refused_with_one_reason_each() {
        Issued good = TestCertificates.issue(CA, EC, "shop.example.com");
        Issued other = TestCertificates.issue(CA, EC, "shop.example.com");
        Issued expired = TestCertificates.issue(CA, EC, Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)),
                "old.example.com");
        Issued future = TestCertificates.issue(CA, EC, Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(9)),
                "new.example.com");

        assertThat(problem(good.certificatePem(), other.pkcs8())).isEqualTo(
                "tls.key does not belong to any certificate in tls.crt (expected the private key of the server certificate)");
        assertThat(problem(expired.certificatePem(), expired.pkcs8())).startsWith("the certificate for old.example.com expired at ")
                .endsWith(" (expected a certificate valid now)");
        assertThat(problem(future.certificatePem(), future.pkcs8())).startsWith("the certificate for new.example.com is not valid before ");
        assertThat(problem("hello", good.pkcs8())).isEqualTo(
                "tls.crt holds no certificate (expected one or more PEM CERTIFICATE blocks)");
        assertThat(problem("", good.pkcs8())).isEqualTo(
                "tls.crt holds no certificate (expected one or more PEM CERTIFICATE blocks)");
        assertThat(problem(good.certificatePem(), "")).isEqualTo(
                "tls.key holds no private key (expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)");
        assertThat(problem(good.certificatePem(), good.certificatePem())).startsWith("tls.key holds a X509CertificateHolder");
        assertThat(problem(good.pkcs8(), good.pkcs8())).startsWith("tls.crt holds a PrivateKeyInfo (expected only CERTIFICATE blocks)");
        assertThat(problem(good.certificatePem(), good.sec1WithoutCurve())).isEqualTo("tls.key is an EC PRIVATE KEY that does "
                + "not name its curve (expected a SEC1 key with its parameters, or a PKCS#8 PRIVATE KEY)");
        assertThat(problem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", good.pkcs8()))
                .startsWith("tls.crt is not valid PEM: ");
    }

    @Test
    void an_encrypted_key_is_refused() throws Exception {
        run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-128-cbc -pass pass:secret -out key.pem");
        Issued good = TestCertificates.issue(CA, EC, "shop.example.com");

        assertThat(problem(good.certificatePem(), Files.readString(directory.resolve("key.pem"))))
                .isEqualTo("tls.key is encrypted (expected an unencrypted private key)");
    }

    @Test
    void the_default_certificate_is_a_short_lived_self_signed_ecdsa_p256_certificate() {
        TlsCertificate certificate = DefaultCertificate.generate(NOW);

        assertThat(certificate.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=Gatehouse Default Certificate");
        assertThat(certificate.leaf().getIssuerX500Principal()).isEqualTo(certificate.leaf().getSubjectX500Principal());
        assertThat(certificate.key().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.leaf().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(Duration.between(certificate.notBefore(), certificate.notAfter())).isLessThanOrEqualTo(Duration.ofDays(31));
        assertThat(certificate.hosts()).isEmpty();
    }

    private static String problem(String chain, String key) {
        return assertThatExceptionOfType(CertificateProblem.class).isThrownBy(() -> PemCertificates.parse(chain, key, NOW))
                .actual().getMessage();
    }

    private void run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command.split(" ")))).directory(directory.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(command + ": " + output).isZero();
    }
}
