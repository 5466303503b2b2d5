package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.ClusterGatehouse;
import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Objects created, changed and deleted on the API server change what the proxy does, through real requests. */
class ClusterRoutingTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final TestUpstream web2 = TestUpstream.start("web-2");
    private final TestUpstream api = TestUpstream.start("api");
    private MockCluster cluster;
    private KubernetesClient kube;
    private ClusterGatehouse gatehouse;
    private Http http;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
        kube = cluster.admin();
        kube.resource(service("shop", "web")).create();
        kube.resource(slice("shop", "web", web.port())).create();
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        gatehouse = cluster.gatehouse("replica-1", List.of());
        http = new Http(gatehouse.proxy().httpAddress().getPort());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
        web2.close();
        api.close();
    }

    @Test
    void the_first_snapshot_routes_what_the_cluster_held_at_start() {
        await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.proxy().ready());

        assertThat(answeredBy("shop.example.com", "/")).isEqualTo("web");
    }

    @Test
    void a_new_ingress_and_service_route_within_the_debounce() {
        awaitAnswer("shop.example.com", "/", "web");

        kube.resource(service("shop", "api")).create();
        kube.resource(slice("shop", "api", api.port())).create();
        kube.resource(ingress("shop", "api", "shop.example.com", "/api", "api")).create();

        awaitAnswer("shop.example.com", "/api/items", "api");
        assertThat(answeredBy("shop.example.com", "/cart")).isEqualTo("web");
    }

    @Test
    void an_endpoint_slice_update_moves_traffic_to_the_new_endpoint() {
        awaitAnswer("shop.example.com", "/", "web");

        kube.resource(slice("shop", "web", web2.port())).update();

        awaitAnswer("shop.example.com", "/", "web-2");
    }

    @Test
    void an_ingress_update_and_delete_change_the_routes() {
        awaitAnswer("shop.example.com", "/", "web");

        kube.resource(new IngressBuilder(ingress("shop", "web", "shop.example.com", "/", "web"))
                .editSpec().editFirstRule().withHost("www.example.com").endRule().endSpec().build()).update();
        awaitAnswer("www.example.com", "/", "web");
        assertThat(answeredBy("shop.example.com", "/")).isEqualTo("status 404");

        kube.network().v1().ingresses().inNamespace("shop").withName("web").delete();
        awaitAnswer("www.example.com", "/", "status 404");
    }

    @Test
    void deleting_the_service_answers_503_and_recreating_it_routes_again() {
        awaitAnswer("shop.example.com", "/", "web");

        kube.services().inNamespace("shop").withName("web").delete();
        awaitAnswer("shop.example.com", "/", "status 503");

        kube.resource(service("shop", "web")).create();
        awaitAnswer("shop.example.com", "/", "web");
    }

    @Test
    void a_tls_secret_created_rotated_and_deleted_changes_the_certificate_bound_to_its_host() {
        awaitAnswer("shop.example.com", "/", "web");
        kube.resource(new IngressBuilder(ingress("shop", "web", "shop.example.com", "/", "web"))
                .editSpec().addNewTl().withHosts("shop.example.com").withSecretName("shop-tls").endTl().endSpec().build()).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> routes().contains("\"tls\" : [ ]"));

        kube.resource(tlsSecret("first")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> certificate().isPresent());
        String first = certificate().orElseThrow();
        assertThat(routes()).contains("\"secret\" : \"shop/shop-tls\"").contains("\"host\" : \"shop.example.com\"");

        kube.resource(tlsSecret("second")).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> certificate().filter(c -> !c.equals(first)).isPresent());

        kube.secrets().inNamespace("shop").withName("shop-tls").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> certificate().isEmpty());
        assertThat(answeredBy("shop.example.com", "/")).isEqualTo("web");
    }

    private static Secret tlsSecret(String content) {
        return new SecretBuilder().withNewMetadata().withNamespace("shop").withName("shop-tls").endMetadata()
                .withType("kubernetes.io/tls")
                .addToStringData("tls.crt", "-----BEGIN CERTIFICATE-----\n" + content + "\n-----END CERTIFICATE-----\n")
                .addToStringData("tls.key", "-----BEGIN PRIVATE KEY-----\n" + content + "\n-----END PRIVATE KEY-----\n")
                .build();
    }

    private String routes() {
        return Admin.get(gatehouse.proxy().adminAddress().getPort(), "/routes").body();
    }

    /** The fingerprint of the certificate bound in the live snapshot, from /routes. */
    private Optional<String> certificate() {
        Matcher matcher = Pattern.compile("\"certificate\"\\s*:\\s*\"([^\"]+)\"").matcher(routes());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private void awaitAnswer(String host, String path, String upstream) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(answeredBy(host, path)).isEqualTo(upstream));
    }

    private String answeredBy(String host, String path) {
        return Http.answeredBy(http.get(host, path));
    }
}
