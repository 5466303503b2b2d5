package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A rate limit read from an Ingress in the API server, and changed there. Per minute, so nothing refills meanwhile. */
class RateLimitClusterTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private Gatehouse gatehouse;
    private Http http;

    @BeforeEach
    void start() {
        kube.resource(service("shop", "web")).create();
        kube.resource(slice("shop", "web", web.port())).create();
        kube.resource(new IngressBuilder(ingress("shop", "web", "shop.example.com", "/", "web")).editMetadata()
                .addToAnnotations("nginx.ingress.kubernetes.io/limit-rpm", "1")
                .addToAnnotations("nginx.ingress.kubernetes.io/limit-burst-multiplier", "1").endMetadata().build()).create();
        gatehouse = cluster.gatehouse("replica-1", List.of());
        http = new Http(gatehouse.proxy().httpAddress().getPort());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
    }

    @Test
    void the_limit_of_an_ingress_in_the_api_server_refuses_beyond_its_burst_and_a_raised_limit_lets_requests_through_again() {
        // requests before the Ingress is routed meet no limit (404), so the first 200 is the first of the burst of two
        await().atMost(Duration.ofSeconds(10)).until(() -> status() == 200);
        assertThat(List.of(status(), status())).containsExactly(200, 503);

        kube.network().v1().ingresses().inNamespace("shop").withName("web").edit(ingress -> new IngressBuilder(ingress).editMetadata()
                .addToAnnotations("nginx.ingress.kubernetes.io/limit-rpm", "5").endMetadata().build());

        // refused requests use nothing up, so the new limit starts with its whole burst of five and one more
        await().atMost(Duration.ofSeconds(10)).until(() -> status() == 200);
        assertThat(List.of(status(), status(), status(), status(), status(), status())).containsExactly(200, 200, 200, 200, 200, 503);
    }

    private int status() {
        return http.get("shop.example.com", "/").statusCode();
    }
}
