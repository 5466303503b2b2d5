package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.MemcachedDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingress-nginx's global-rate-limit through real requests: two Gatehouse replicas serving the same manifest directory,
 * whose global ConfigMap names one real memcached, share one limit. A limit of 2, which the sliding window holds wherever
 * in the window the requests fall (a larger one cuts a burst early in a window sooner, as ingress-nginx does).
 */
class GlobalRateLimitRoutingTest {

    private static final Duration WINDOW = Duration.ofHours(1);

    @TempDir
    Path directory;

    @Test
    void twoReplicasServingTheSameManifestsLetTwoRequestsOfALimitOfTwoThroughBetweenThem() throws IOException {
        try (MemcachedDaemon memcached = MemcachedDaemon.start()) {
            Files.writeString(directory.resolve("config.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: gatehouse-config
                    data:
                      global-rate-limit-memcached-host: "127.0.0.1"
                      global-rate-limit-memcached-port: "%d"
                      global-rate-limit-memcached-connect-timeout: "2000"
                    """.formatted(memcached.port()));
            String ingresses = annotatedIngress("limited", "limited.example", "web", 8080, """
                    nginx.ingress.kubernetes.io/global-rate-limit: "2"
                    nginx.ingress.kubernetes.io/global-rate-limit-window: "1h"
                    """) + "---\n" + annotatedIngress("plain", "plain.example", "web", 8080, "");
            try (RoutingWorld first = RoutingWorld.start(directory, Map.of("web", 1), ingresses, settings());
                 Gatehouse second = StandaloneGatehouse.serving(directory, ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0)
                         .adminPort(0).eventLoopThreads(2).build(), settings()).start()) {
                Http other = new Http(second.proxy().httpAddress().getPort());
                await().atMost(Duration.ofSeconds(10)).until(() -> other.get("plain.example", "/").statusCode() == 200);
                awaitRoomInWindow();

                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    statuses.add(first.get("limited.example", "/" + i).statusCode());
                    statuses.add(other.get("limited.example", "/" + i).statusCode());
                }
                int plain = first.get("plain.example", "/").statusCode();

                assertThat(statuses).containsExactly(200, 200, 429, 429);
                assertThat(first.get("limited.example", "/again").statusCode()).isEqualTo(429);
                assertThat(plain).isEqualTo(200);
            }
        }
    }

    /** Waits, when the hour's window ends within 30 s, until the next one begins, so that the requests share one window. */
    private static void awaitRoomInWindow() {
        long millis = WINDOW.toMillis();
        await().atMost(Duration.ofSeconds(31)).pollInterval(Duration.ofMillis(50))
                .until(() -> millis - System.currentTimeMillis() % millis > 30_000);
    }

    private static TranslatorSettings settings() {
        return TranslatorSettings.defaults().withConfig("default/gatehouse-config");
    }
}
