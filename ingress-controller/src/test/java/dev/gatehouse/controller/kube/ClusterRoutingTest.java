package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.proxy.testing.TlsClient;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Objects created, changed and deleted on the API server change what the proxy does, through real requests. */
class ClusterRoutingTest {

    private static final Issued CA = TestCertificates.ca("Test CA");

    private final TestUpstream web = TestUpstream.start("web");
    private final TestUpstream web2 = TestUpstream.start("web-2");
    private final TestUpstream api = TestUpstream.start("api");
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
    void a_tls_secret_created_rotated_and_deleted_changes_the_certificate_served_for_its_host() throws Exception {
        awaitAnswer("shop.example.com", "/", "web");
        int https = gatehouse.proxy().httpsAddress().getPort();
        kube.resource(new IngressBuilder(ingress("shop", "web", "shop.example.com", "/", "web"))
                .editSpec().addNewTl().withHosts("shop.example.com").withSecretName("shop-tls").endTl().endSpec().build()).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> routes().contains("\"tls\" : [ ]"));
        assertThat(TlsClient.served(https, "shop.example.com").getSubjectX500Principal().getName())
                .isEqualTo("CN=Gatehouse Default Certificate");

        Issued first = TestCertificates.issue(CA, KeyType.EC, "shop.example.com");
        kube.resource(tlsSecret(first)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> TlsClient.served(https, "shop.example.com").equals(first.certificate()));
        assertThat(routes()).contains("\"secret\" : \"shop/shop-tls\"").contains("\"host\" : \"shop.example.com\"");

        Issued second = TestCertificates.issue(CA, KeyType.RSA, "shop.example.com");
        kube.resource(tlsSecret(second)).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> TlsClient.served(https, "shop.example.com").equals(second.certificate()));

        kube.secrets().inNamespace("shop").withName("shop-tls").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> TlsClient.served(https, "shop.example.com").getSubjectX500Principal()
                .getName().equals("CN=Gatehouse Default Certificate"));
        assertThat(routes()).contains("\"tls\" : [ ]");
        assertThat(answeredBy("shop.example.com", "/")).as("plain HTTP to a host with TLS redirects").isEqualTo("status 308");
    }

    private static Secret tlsSecret(Issued certificate) {
        return new SecretBuilder().withNewMetadata().withNamespace("shop").withName("shop-tls").endMetadata()
                .withType("kubernetes.io/tls")
                .addToStringData("tls.crt", certificate.certificatePem())
                .addToStringData("tls.key", certificate.pkcs8())
                .build();
    }

    private String routes() {
        return Admin.get(gatehouse.proxy().adminAddress().getPort(), "/routes").body();
    }

    private void awaitAnswer(String host, String path, String upstream) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(answeredBy(host, path)).isEqualTo(upstream));
    }

    private String answeredBy(String host, String path) {
        return Http.answeredBy(http.get(host, path));
    }
}
