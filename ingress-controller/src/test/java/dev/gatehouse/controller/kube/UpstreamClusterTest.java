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
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream and affinity annotations of Ingresses on the API server, and changes to them, through real requests. */
class UpstreamClusterTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final TestUpstream web2 = TestUpstream.start("web-2");
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
        kube.resource(new EndpointSliceBuilder(slice("shop", "web", web2.port())).editMetadata().withName("web-slice-2").endMetadata()
                .build()).create();
        gatehouse = cluster.gatehouse("replica-1", List.of());
        http = new Http(gatehouse.proxy().httpAddress().getPort());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
        web2.close();
    }

    @Test
    void cookie_affinity_added_to_an_ingress_sets_its_cookie_from_then_on() {
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("shop.example.com", "/").statusCode() == 200);
        assertThat(http.get("shop.example.com", "/").headers().firstValue("Set-Cookie")).isEmpty();

        kube.resource(annotated(Map.of("affinity", "cookie", "session-cookie-name", "route", "session-cookie-max-age", "60"))).update();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.get("shop.example.com", "/").headers()
                .firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie).startsWith("route=").contains("Max-Age=60")));
    }

    @Test
    void upstream_hash_by_a_header_keeps_a_user_on_one_endpoint() {
        kube.resource(annotated(Map.of("upstream-hash-by", "$http_x_user"))).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String user : List.of("alice", "bob", "carol")) {
                Set<String> answered = new HashSet<>();
                IntStream.range(0, 6).forEach(i -> answered.add(Http.answeredBy(http.send(http.request("shop.example.com", "/" + i)
                        .header("X-User", user).GET().build()))));
                assertThat(answered).hasSize(1).doesNotContain("status 404", "status 503");
            }
        });
    }

    private static Ingress annotated(Map<String, String> annotations) {
        IngressBuilder ingress = new IngressBuilder(ingress("shop", "web", "shop.example.com", "/", "web"));
        annotations.forEach((key, value) -> ingress.editMetadata().addToAnnotations("nginx.ingress.kubernetes.io/" + key, value).endMetadata());
        return ingress.build();
    }
}
