package dev.gatehouse.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a running Gatehouse, in the order they start; they stop in the reverse order (see LifecycleTest). */
class AssemblyTest {

    @TempDir
    Path work;

    @Test
    void a_standalone_gatehouse_starts_the_proxy_then_routing_then_the_manifest_directory_and_nothing_not_asked_for()
            throws IOException {
        try (Gatehouse gatehouse = standalone(manifests(), 0).start()) {

            assertThat(gatehouse.parts()).containsExactly("proxy", "routing", "manifest directory");
            assertThat(gatehouse.proxy().ready()).as("the first snapshot is live when start returns").isTrue();
        }
    }

    @Test
    void an_optional_part_asked_for_takes_its_place_among_the_leader_only_loops() throws IOException {
        AcmeSettings acme = AcmeSettings.of(URI.create("https://127.0.0.1:1/directory"), null, List.of(),
                work.resolve("acme"));

        try (Gatehouse gatehouse = standalone(manifests(), 0).acme(acme).start()) {

            assertThat(gatehouse.parts()).containsExactly("proxy", "acme", "routing", "manifest directory");
        }
    }

    @Test
    void a_part_that_fails_to_start_stops_the_proxy_started_before_it() throws IOException {
        Path notADirectory = Files.writeString(work.resolve("manifests.yaml"), "");
        int port = freePort();

        assertThatThrownBy(() -> standalone(notADirectory, port).start())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot watch " + notADirectory);

        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(again.isBound()).as("the proxy's port was released").isTrue();
        }
    }

    @Test
    void in_a_cluster_the_client_and_publish_address_come_first_and_the_election_before_the_leader_only_loops() {
        try (MockCluster cluster = MockCluster.start();
             Gatehouse gatehouse = cluster.gatehouse("replica-1", List.of("203.0.113.10"))) {

            assertThat(gatehouse.parts()).containsExactly("kubernetes client", "publish address", "proxy", "election",
                    "events", "ingress status", "gateway status", "routing", "kubernetes informers", "source health");
        }
    }

    @Test
    void in_a_cluster_without_a_publish_address_there_is_no_ingress_status_part() {
        try (MockCluster cluster = MockCluster.start();
             Gatehouse gatehouse = cluster.gatehouse("replica-1", TranslatorSettings.defaults())) {

            assertThat(gatehouse.parts()).containsExactly("kubernetes client", "proxy", "election", "events", "gateway status", "routing",
                    "kubernetes informers", "source health");
        }
    }

    private StandaloneGatehouse standalone(Path manifests, int httpPort) {
        return StandaloneGatehouse.serving(manifests, ProxySettings.builder().bindAddress("127.0.0.1").httpPort(httpPort)
                        .httpsPort(0).adminPort(0).eventLoopThreads(1).build(), TranslatorSettings.defaults())
                .debounce(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    private Path manifests() throws IOException {
        Path directory = Files.createDirectories(work.resolve("manifests"));
        Files.writeString(directory.resolve("web.yaml"), Manifests.service("web", 80, "127.0.0.1", 9999) + "---\n"
                + Manifests.ingress("web", "web.example.test", "Prefix", "/", "web", 80));
        return directory;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
