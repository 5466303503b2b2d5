package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limit-rate} and {@code limit-rate-after} through real requests, Gatehouse standalone on a manifest directory
 * with a global ConfigMap: kilobytes per second, the annotation over the ConfigMap's default. Only lower bounds on
 * time, derived from the body's size and the rate (nginx allows the current second's worth at once).
 */
class ResponseRateRoutingTest {

    private static final int KB = 1024;

    @TempDir
    static Path directory;
    static RoutingWorld world;
    static TestUpstream files;

    @BeforeAll
    static void start() throws IOException {
        files = TestUpstream.start("files", exchange -> {
            byte[] body = new byte[Integer.parseInt(exchange.getRequestURI().getPath().substring(1)) * KB];
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        Files.writeString(directory.resolve("config.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: gatehouse-config
                data:
                  limit-rate: "64"
                """);
        world = RoutingWorld.start(directory, Map.of(), String.join("---\n", filesService(files.port()),
                annotatedIngress("default-rate", "default.example", "files", 8080, ""),
                annotatedIngress("own-rate", "own.example", "files", 8080, """
                        nginx.ingress.kubernetes.io/limit-rate: "32"
                        nginx.ingress.kubernetes.io/limit-rate-after: "64"
                        """)),
                TranslatorSettings.defaults().withConfig("default/gatehouse-config"));
    }

    @AfterAll
    static void stop() {
        world.close();
        files.close();
    }

    @Test
    void theConfigMapsRateAppliesToAnIngressWithoutItsOwn() {
        // 256 KiB at 64 KiB/s, the first second's 64 KiB at once: at least 3 s
        assertThat(timeToDownload("default.example", 256)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }

    @Test
    void theAnnotationsRateAndInitialAmountWinOverTheConfigMaps() {
        // 64 KiB at once, then 32 KiB in the first second, then 96 KiB at 32 KiB/s: at least 3 s; at the ConfigMap's
        // 64 KiB/s it would have taken 2 s
        assertThat(timeToDownload("own.example", 192)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }

    private static Duration timeToDownload(String host, int kilobytes) {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = world.http().send(world.http().request(host, "/" + kilobytes).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(kilobytes * KB);
        return took;
    }

    private static String filesService(int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: files
                spec:
                  ports:
                  - name: http
                    port: 8080
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: files-0
                  labels:
                    kubernetes.io/service-name: files
                addressType: IPv4
                ports:
                - name: http
                  port: %d
                endpoints:
                - addresses: ["127.0.0.1"]
                  conditions:
                    ready: true
                """.formatted(port);
    }
}
