package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveReloadTest {

    @TempDir
    Path directory;

    @Test
    void rewriting_the_manifests_twenty_times_under_load_fails_no_request_and_each_change_is_live_within_a_second()
            throws Exception {
        try (RoutingWorld world = RoutingWorld.start(directory, Map.of("blue", 1, "green", 1), ingress(0))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                Thread client = new Thread(() -> {
                    Http http = new Http(world.gatehouse().proxy().httpAddress().getPort());
                    while (running.get()) {
                        try {
                            HttpResponse<String> response = http.get("live.example", "/stable");
                            sent.incrementAndGet();
                            if (response.statusCode() != 200) {
                                failures.add("status " + response.statusCode() + ": " + response.body());
                            }
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                }, "client-" + c);
                client.start();
                clients.add(client);
            }

            List<Long> liveAfterMillis = new ArrayList<>();
            for (int version = 1; version <= 20; version++) {
                Files.writeString(world.directory().resolve("ingresses.yaml"), ingress(version));
                long written = System.nanoTime();
                String expected = version % 2 == 0 ? "blue" : "green";
                String newPath = "/v" + version;
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
                    assertThat(world.answeredBy("live.example", "/stable")).isEqualTo(expected);
                    assertThat(world.answeredBy("live.example", newPath)).isEqualTo("blue");
                });
                liveAfterMillis.add((System.nanoTime() - written) / 1_000_000);
            }

            running.set(false);
            for (Thread client : clients) {
                client.join(10_000);
            }
            System.out.println("live reload: " + sent.get() + " requests during 20 rewrites; change live after (ms): " + liveAfterMillis);
            assertThat(failures).isEmpty();
            assertThat(sent.get()).isGreaterThan(100);
        }
    }

    private static String ingress(int version) throws IOException {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: live
                  annotations:
                    example.com/version: "%1$d"
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: live.example
                    http:
                      paths:
                      - {path: /stable, pathType: Prefix, backend: {service: {name: %2$s, port: {number: 8080}}}}
                      - {path: /v%1$d, pathType: Exact, backend: {service: {name: blue, port: {number: 8080}}}}
                """.formatted(version, version % 2 == 0 ? "blue" : "green");
    }
}
