package dev.gatehouse.controller.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.rfc2136.Rfc2136Provider;
import dev.gatehouse.dns.rfc2136.Rfc2136Settings;
import dev.gatehouse.dns.testing.BindServer;
import dev.gatehouse.proxy.ProxySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** A single-machine edge publishing its hostnames: {@code gatehouse run --manifests DIR} with DNS flags. */
class StandaloneDnsTest {

    @TempDir
    Path directory;

    @Test
    void the_hosts_of_the_manifests_follow_the_directory_at_the_publish_address() throws Exception {
        Path manifests = Files.createDirectories(directory.resolve("manifests"));
        Files.writeString(manifests.resolve("web.yaml"), Manifests.service("web", 80, "127.0.0.1", 9999) + "---\n"
                + Manifests.ingress("web", "www.edge.test", "Prefix", "/", "web", 80));
        try (BindServer bind = BindServer.start(Files.createDirectories(directory.resolve("bind")),
                BindServer.Zone.of("edge.test"))) {
            Rfc2136Settings rfc2136 = Rfc2136Settings.of("127.0.0.1", bind.port(), List.of("edge.test"),
                    BindServer.KEY_NAME, bind.secret());
            DnsSetup setup = DnsSetup.of(() -> Rfc2136Provider.create(rfc2136), DnsSyncSettings.defaults("edge"))
                    .withInterval(Duration.ofMillis(200));
            try (Gatehouse gatehouse = StandaloneGatehouse.serving(manifests,
                    ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(0).adminPort(0)
                            .eventLoopThreads(1).build(),
                    TranslatorSettings.defaults()).debounce(Duration.ofMillis(50), Duration.ofMillis(200))
                    .dns(setup, List.of("203.0.113.5")).start()) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(bind.values("www.edge.test", Type.A)).containsExactly("203.0.113.5"));

                Files.writeString(manifests.resolve("web.yaml"), Manifests.service("web", 80, "127.0.0.1", 9999)
                        + "---\n" + Manifests.ingress("web", "shop.edge.test", "Prefix", "/", "web", 80));

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(bind.values("shop.edge.test", Type.A)).containsExactly("203.0.113.5");
                    assertThat(bind.values("www.edge.test", Type.A)).isEmpty();
                });
            }
        }
    }
}
