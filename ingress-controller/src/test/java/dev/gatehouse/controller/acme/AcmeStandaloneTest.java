package dev.gatehouse.controller.acme;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.controller.testing.VerifiedHttps;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.logging.testing.LogCapture;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.tls.testing.PebbleServer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME end to end on one machine: Pebble issues, Gatehouse standalone answers its HTTP-01 challenges on its
 * own HTTP listener, keeps what it gets in a storage directory and serves it over HTTPS to clients that
 * check it against Pebble's root. Pebble issues certificates valid for 30 seconds, so renewal (at two
 * thirds) comes after 20.
 */
class AcmeStandaloneTest {

    private static final Duration VALIDITY = Duration.ofSeconds(30);
    private static int httpPort;
    private static PebbleServer pebble;
    private static TestUpstream upstream;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws IOException {
        httpPort = PebbleServer.freeTcpPort();
        pebble = PebbleServer.start(httpPort, VALIDITY);
        upstream = TestUpstream.start("web");
    }

    @AfterAll
    static void stop() {
        upstream.close();
        pebble.close();
    }

    @Test
    void certificates_are_ordered_for_two_hosts_served_over_https_and_kept_across_a_restart() throws Exception {
        Path manifests = manifests("a.example.test", "b.example.test");
        Path storage = work.resolve("acme");

        BigInteger issued;
        try (Gatehouse gatehouse = start(manifests, storage)) {
            int https = gatehouse.proxy().httpsAddress().getPort();
            VerifiedHttps.Answer a = awaitValid(https, "a.example.test");
            VerifiedHttps.Answer b = VerifiedHttps.get(https, "b.example.test", "/hello", pebble.issuingRoot());

            assertThat(a.response()).startsWith("HTTP/1.1 200").contains("web");
            assertThat(b.response()).startsWith("HTTP/1.1 200").contains("web");
            assertThat(a.certificate().getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                    .containsExactlyInAnyOrder("a.example.test", "b.example.test");
            assertThat(b.certificate()).isEqualTo(a.certificate());
            issued = a.certificate().getSerialNumber();
        }
        assertThat(storage.resolve("default.web-tls.yaml")).exists();
        assertThat(Files.readString(storage.resolve("default.web-tls.yaml"))).contains("app.kubernetes.io/managed-by: \"gatehouse\"",
                "gatehouse.dev/acme-hosts: \"a.example.test,b.example.test\"", "type: \"kubernetes.io/tls\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.resolve("default.web-tls.yaml"))))
                .isEqualTo("rw-------");
        assertThat(storage.resolve("gatehouse.gatehouse-acme-account.yaml")).exists();

        try (Gatehouse restarted = start(manifests, storage)) {
            VerifiedHttps.Answer again = VerifiedHttps.get(restarted.proxy().httpsAddress().getPort(), "a.example.test", "/",
                    pebble.issuingRoot());
            assertThat(again.certificate().getSerialNumber()).as("the stored certificate, not a new order").isEqualTo(issued);
        }
    }

    @Test
    void a_certificate_is_renewed_after_two_thirds_of_its_lifetime_while_connections_keep_being_served() throws IOException {
        try (Gatehouse gatehouse = start(manifests("renew.example.test"), work.resolve("acme"))) {
            int https = gatehouse.proxy().httpsAddress().getPort();
            VerifiedHttps.Answer first = awaitValid(https, "renew.example.test");
            java.time.Instant due = first.certificate().getNotBefore().toInstant()
                    .plus(Duration.between(first.certificate().getNotBefore().toInstant(),
                            first.certificate().getNotAfter().toInstant()).multipliedBy(2).dividedBy(3));

            VerifiedHttps.Answer renewed = Awaitility.await("a renewed certificate").atMost(VALIDITY.plusSeconds(20))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> VerifiedHttps.get(https, "renew.example.test", "/", pebble.issuingRoot()),
                            answer -> !answer.certificate().getSerialNumber().equals(first.certificate().getSerialNumber()));

            assertThat(renewed.response()).startsWith("HTTP/1.1 200");
            assertThat(java.time.Instant.now()).isAfterOrEqualTo(due);
            assertThat(renewed.certificate().getNotAfter()).isAfter(first.certificate().getNotAfter());
        }
    }

    @Test
    void an_acme_server_whose_https_certificate_is_not_trusted_is_logged_with_the_certificate_subject_and_the_trust_store() throws IOException {
        try (LogCapture logs = LogCapture.start();
                Gatehouse gatehouse = start(manifests("untrusted.example.test"), work.resolve("acme"), List.of())) {
            ILoggingEvent failed = Awaitility.await("the failed order in the log").atMost(Duration.ofSeconds(30))
                    .until(() -> logs.atLeast(Level.WARN).stream()
                            .filter(event -> event.getFormattedMessage().contains("untrusted.example.test")).findFirst(),
                            Optional::isPresent).get();

            assertThat(failed.getFormattedMessage())
                    .contains("from " + pebble.directory() + " failed: certificate not trusted: subject CN=localhost,"
                            + " issuer CN=Pebble Listener CA (trust store: the Java runtime's default, ")
                    .doesNotContain("Network error");
            assertThat(failed.getKeyValuePairs()).extracting(pair -> pair.key + "=" + pair.value)
                    .contains("kind=Ingress", "namespace=default", "name=web", "reason=" + Warning.ACME_ORDER_FAILED,
                            "endpoint=" + pebble.directory());
        }
    }

    private static VerifiedHttps.Answer awaitValid(int https, String host) {
        return Awaitility.await("a certificate for " + host + " valid against Pebble's root")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> VerifiedHttps.get(https, host, "/", pebble.issuingRoot()), answer -> answer.response().startsWith("HTTP/1.1"));
    }

    private Gatehouse start(Path manifests, Path storage) {
        return start(manifests, storage, List.of(pebble.listenerCa()));
    }

    private Gatehouse start(Path manifests, Path storage, List<X509Certificate> trusted) {
        AcmeSettings acme = new AcmeSettings(pebble.directory(), "ops@example.test", trusted, storage,
                Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));
        return StandaloneGatehouse.serving(manifests, ProxySettings.builder().bindAddress("127.0.0.1").httpPort(httpPort)
                        .httpsPort(0).adminPort(0).eventLoopThreads(1).build(),
                TranslatorSettings.defaults()).debounce(Duration.ofMillis(50), Duration.ofMillis(500)).acme(acme).start();
    }

    private Path manifests(String... hosts) throws IOException {
        Path directory = Files.createDirectories(work.resolve("manifests"));
        String ingress = Manifests.ingress("web", hosts[0], "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n", "metadata:\n  annotations:\n    gatehouse.dev/tls-acme: \"true\"\n")
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: [" + String.join(", ", hosts) + "]\n    secretName: web-tls\n");
        for (int i = 1; i < hosts.length; i++) {
            ingress += "  - host: \"" + hosts[i] + "\"\n    http:\n      paths:\n      - pathType: Prefix\n        path: \"/\"\n"
                    + "        backend:\n          service:\n            name: web\n            port:\n              number: 80\n";
        }
        Files.writeString(directory.resolve("web.yaml"), Manifests.service("web", 80, "127.0.0.1", upstream.port()) + "---\n" + ingress);
        return directory;
    }
}
