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

/** A canary Ingress added to and removed from the API server moves requests to its backend and back. */
class CanaryClusterTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final TestUpstream canary = TestUpstream.start("web-canary");
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
        kube.resource(service("shop", "web-canary")).create();
        kube.resource(slice("shop", "web-canary", canary.port())).create();
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        gatehouse = cluster.gatehouse("replica-1", List.of());
        http = new Http(gatehouse.proxy().httpAddress().getPort());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
        canary.close();
    }

    @Test
    void adding_a_canary_ingress_sends_its_requests_to_the_canary_and_removing_it_sends_them_back() {
        awaitAnswer(null, "web");
        assertThat(answeredBy("always")).isEqualTo("web");

        kube.resource(new IngressBuilder(ingress("shop", "web-canary", "shop.example.com", "/", "web-canary"))
                .editMetadata()
                .addToAnnotations("nginx.ingress.kubernetes.io/canary", "true")
                .addToAnnotations("nginx.ingress.kubernetes.io/canary-by-header", "X-Canary")
                .endMetadata().build()).create();

        awaitAnswer("always", "web-canary");
        assertThat(answeredBy(null)).as("the weight is 0 by default").isEqualTo("web");
        assertThat(answeredBy("never")).isEqualTo("web");

        kube.network().v1().ingresses().inNamespace("shop").withName("web-canary").delete();

        awaitAnswer("always", "web");
    }

    private void awaitAnswer(String header, String upstream) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(answeredBy(header)).isEqualTo(upstream));
    }

    private String answeredBy(String header) {
        var request = http.request("shop.example.com", "/");
        if (header != null) {
            request.header("X-Canary", header);
        }
        return Http.answeredBy(http.send(request.GET().build()));
    }
}
