package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingress-nginx's limit-* annotations through real requests, Gatehouse standalone on a manifest directory. */
class RateLimitRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;
    static TestUpstream held;
    static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        held = TestUpstream.start("held", RateLimitRoutingTest::answerWhenReleased);
        world = RoutingWorld.start(directory, Map.of("web", 1), String.join("---\n",
                heldService(held.port()),
                // one request a minute: the bucket refills no request while the test runs
                ingress("burst", "burst.example", "web", "nginx.ingress.kubernetes.io/limit-rpm: \"1\""),
                ingress("exempt", "exempt.example", "web", "nginx.ingress.kubernetes.io/limit-rps: \"1\"",
                        "nginx.ingress.kubernetes.io/limit-burst-multiplier: \"1\"",
                        "nginx.ingress.kubernetes.io/limit-whitelist: \"127.0.0.1/32, ::1\""),
                ingress("slow", "slow.example", "held", "nginx.ingress.kubernetes.io/limit-connections: \"2\""),
                ingress("broken", "broken.example", "web", "nginx.ingress.kubernetes.io/limit-rps: \"fast\"")));
    }

    @AfterAll
    static void stop() {
        release.countDown();
        world.close();
        held.close();
    }

    @Test
    void limit_rpm_lets_a_burst_of_the_rate_times_the_multiplier_and_one_more_through_at_once_then_answers_503() {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            responses.add(world.get("burst.example", "/" + i));
        }

        assertThat(responses.subList(0, 6)).allSatisfy(response -> assertThat(Http.answeredBy(response)).isEqualTo("web"));
        assertThat(responses.subList(6, 12)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("503 Service Unavailable: too many requests from this client address; try again "
                    + "shortly\n");
        });
    }

    @Test
    void a_client_address_in_limit_whitelist_is_never_refused() {
        for (int i = 0; i < 20; i++) {
            assertThat(world.answeredBy("exempt.example", "/" + i)).isEqualTo("web");
        }
    }

    @Test
    void limit_connections_refuses_a_request_beyond_those_in_flight_until_they_are_answered() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> world.get("slow.example", "/slow/1"));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> world.get("slow.example", "/slow/2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.requests().size() == 2);

        HttpResponse<String> third = world.get("slow.example", "/fast");
        release.countDown();

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(world.answeredBy("slow.example", "/fast")).isEqualTo("held");
    }

    @Test
    void a_limit_that_cannot_be_read_refuses_every_request_rather_than_none() {
        assertThat(world.get("broken.example", "/").statusCode()).isEqualTo(503);
        assertThat(world.get("broken.example", "/again").statusCode()).isEqualTo(503);
    }

    private static void answerWhenReleased(HttpExchange exchange) throws IOException {
        try {
            if (exchange.getRequestURI().getPath().startsWith("/slow")) {
                release.await(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "done".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A Service whose one endpoint is the upstream that holds its answers. */
    private static String heldService(int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: held
                spec:
                  ports:
                  - name: http
                    port: 8080
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: held-0
                  labels:
                    kubernetes.io/service-name: held
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

    private static String ingress(String name, String host, String service, String... annotations) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  annotations:
                %s
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: %s
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 8080}}}}
                """.formatted(name, String.join("\n", annotations).indent(4).stripTrailing(), host, service);
    }
}
