package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** default-backend and custom-http-errors with the Kubernetes source: the annotations and endpoints on the API server. */
class ErrorPageClusterTest {

    private final TestUpstream web = TestUpstream.start("web", exchange -> {
        exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/down") ? 503 : 200, -1);
        exchange.close();
    });
    private final TestUpstream errors = TestUpstream.start("errors", exchange -> {
        String code = exchange.getRequestHeaders().getFirst("X-Code");
        byte[] body = ("uri: " + exchange.getRequestURI() + "\nheader.x-code: " + code + "\nheader.x-service-name: "
                + exchange.getRequestHeaders().getFirst("X-Service-Name") + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code == null ? 200 : Integer.parseInt(code), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    });
    private MockCluster cluster;
    private KubernetesClient kube;
    private Gatehouse gatehouse;
    private Http http;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
        kube = cluster.admin();
        kube.resource(service("shop", "web")).create();
        kube.resource(slice("shop", "web", web.port())).create();
        kube.resource(service("shop", "errors")).create();
        kube.resource(slice("shop", "errors", errors.port())).create();
        gatehouse = cluster.gatehouse("replica-1", List.of());
        http = new Http(gatehouse.proxy().httpAddress().getPort());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
        errors.close();
    }

    @Test
    void the_default_backend_serves_the_custom_error_and_then_stands_in_once_the_service_loses_its_endpoints() {
        kube.resource(new IngressBuilder(ingress("shop", "shop", "shop.example.com", "/", "web")).editMetadata()
                .addToAnnotations("nginx.ingress.kubernetes.io/default-backend", "errors")
                .addToAnnotations("nginx.ingress.kubernetes.io/custom-http-errors", "503").endMetadata().build()).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> page = http.get("shop.example.com", "/down");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(Echo.parse(page.body())).containsEntry("uri", "/").containsEntry("header.x-code", "503")
                    .containsEntry("header.x-service-name", "web");
        });
        assertThat(Http.answeredBy(http.get("shop.example.com", "/up"))).isEqualTo("web");

        kube.resource(slice("shop", "web", web.port())).delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> standIn = http.get("shop.example.com", "/up");
            assertThat(Http.answeredBy(standIn)).isEqualTo("errors");
            // told, as ingress-nginx tells it, that the route's Service could not answer
            assertThat(Echo.parse(standIn.body())).containsEntry("uri", "/up").containsEntry("header.x-code", "503")
                    .containsEntry("header.x-service-name", "web");
        });
    }
}
