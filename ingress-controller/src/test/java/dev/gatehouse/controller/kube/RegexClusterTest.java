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
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rewrite-target and from-to-www-redirect with the Kubernetes source: the annotations on the API server, real requests. */
class RegexClusterTest {

    private final TestUpstream web = TestUpstream.start("web");
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
    void a_rewrite_target_created_on_the_api_server_rewrites_with_capture_groups_and_goes_when_removed() {
        Ingress rewritten = new IngressBuilder(ingress("shop", "api", "shop.example.com", "/api(/|$)(.*)", "web"))
                .editMetadata().addToAnnotations("nginx.ingress.kubernetes.io/rewrite-target", "/v2/$2").endMetadata()
                .editSpec().editFirstRule().editHttp().editFirstPath().withPathType("ImplementationSpecific").endPath().endHttp()
                .endRule().endSpec().build();
        kube.resource(rewritten).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(uri("shop.example.com", "/API/items?id=7"))
                .isEqualTo("/v2/items?id=7"));

        kube.resource(new IngressBuilder(rewritten).editMetadata().withAnnotations(null).endMetadata().build()).update();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Http.answeredBy(http.get("shop.example.com",
                "/api/items"))).isEqualTo("status 404"));
    }

    @Test
    void from_to_www_redirect_created_on_the_api_server_redirects_the_other_host() {
        kube.resource(new IngressBuilder(ingress("shop", "shop", "shop.example.com", "/", "web"))
                .editMetadata().addToAnnotations("nginx.ingress.kubernetes.io/from-to-www-redirect", "true").endMetadata().build())
                .create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> response = http.get("www.shop.example.com", "/cart?x=1");
            assertThat(response.statusCode()).isEqualTo(308);
            assertThat(response.headers().firstValue("Location")).hasValue("http://shop.example.com/cart?x=1");
        });
    }

    private String uri(String host, String path) {
        HttpResponse<String> response = http.get(host, path);
        assertThat(Http.answeredBy(response)).isEqualTo("web");
        return Echo.parse(response.body()).get("uri");
    }
}
