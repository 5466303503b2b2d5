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
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Basic auth from an Opaque Secret on the API server: read, rotated and deleted, no other Secret read, and one the API
 * server refuses failing only its Ingress.
 */
class AuthSecretClusterTest {

    private static final Pattern STALE = Pattern.compile("(?m)^gatehouse_kubernetes_source_stale_seconds (\\S+)$");

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
        kube.resource(users("first password")).create();
        kube.resource(new SecretBuilder().withNewMetadata().withNamespace("shop").withName("unrelated").endMetadata()
                .withType("Opaque").addToData("token", encode("not for Gatehouse")).build()).create();
        kube.resource(guarded()).create();
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
    void the_users_of_an_opaque_auth_secret_sign_in_and_a_rotation_changes_whose_password_works() throws Exception {
        awaitStatus("first password", 200);
        assertThat(get(null).statusCode()).isEqualTo(401);

        kube.resource(users("second password")).update();

        awaitStatus("second password", 200);
        assertThat(get(basic("first password")).statusCode()).isEqualTo(401);

        kube.secrets().inNamespace("shop").withName("shop-users").delete();

        awaitStatus("second password", 503);
        assertThat(cluster.requestsByGatehouse()).filteredOn(target -> target.contains("/secrets"))
                .as("only TLS Secrets and the auth Secret by name are read, never all Secrets")
                .isNotEmpty()
                .allSatisfy(target -> assertThat(target).containsAnyOf("fieldSelector=type%3Dkubernetes.io%2Ftls",
                        "fieldSelector=metadata.name%3Dshop-users"));
    }

    @Test
    void an_auth_secret_the_api_server_refuses_answers_503_for_its_ingress_alone_and_holds_no_other_change_back() {
        awaitStatus("first password", 200);
        cluster.refuse("fieldSelector=metadata.name%3Dlocked-users");

        kube.resource(new IngressBuilder(ingress("shop", "locked", "locked.example.com", "/", "web")).editMetadata()
                .addToAnnotations("nginx.ingress.kubernetes.io/auth-type", "basic")
                .addToAnnotations("nginx.ingress.kubernetes.io/auth-secret", "locked-users")
                .endMetadata().build()).create();

        // the Secret's watch never lists: once its bound ran out the rebuild goes ahead, with the Secret missing
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("locked.example.com", "/").statusCode())
                .isEqualTo(503));
        await().atMost(Duration.ofSeconds(10)).until(() -> staleSeconds() > 0);
        kube.resource(ingress("shop", "open", "open.example.com", "/", "web")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.answeredBy(http.get("open.example.com", "/")).equals("web"));
        assertThat(get(basic("first password")).statusCode()).isEqualTo(200);
    }

    private double staleSeconds() {
        Matcher matcher = STALE.matcher(Admin.get(gatehouse.proxy().adminAddress().getPort(), "/metrics").body());
        assertThat(matcher.find()).as("the stale gauge is exported").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static Ingress guarded() {
        return new IngressBuilder(ingress("shop", "web", "shop.example.com", "/", "web")).editMetadata()
                .addToAnnotations("nginx.ingress.kubernetes.io/auth-type", "basic")
                .addToAnnotations("nginx.ingress.kubernetes.io/auth-secret", "shop-users")
                .endMetadata().build();
    }

    private static Secret users(String password) {
        return new SecretBuilder().withNewMetadata().withNamespace("shop").withName("shop-users").endMetadata()
                .withType("Opaque")
                .addToData("auth", encode("alice:{SHA}" + Base64.getEncoder().encodeToString(DigestUtils.sha1(password)) + "\n"))
                .build();
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String basic(String password) {
        return "Basic " + encode("alice:" + password);
    }

    private void awaitStatus(String password, int status) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(basic(password)).statusCode()).isEqualTo(status));
    }

    private HttpResponse<String> get(String authorization) {
        java.net.http.HttpRequest.Builder request = http.request("shop.example.com", "/");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.GET().build());
    }
}
