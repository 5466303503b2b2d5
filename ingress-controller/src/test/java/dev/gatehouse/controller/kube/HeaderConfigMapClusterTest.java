package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.ApiCalls;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A custom-headers ConfigMap read from the Kubernetes API: created, changed and deleted, it changes the response headers;
 * it is watched by name, and no other ConfigMap is read.
 */
class HeaderConfigMapClusterTest {

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
                .addToAnnotations("nginx.ingress.kubernetes.io/custom-headers", "shop/security-headers").endMetadata().build()).create();
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
    void a_custom_headers_configmap_created_changed_and_deleted_in_the_api_server_changes_the_response_headers_or_refuses() throws Exception {
        // as ingress-nginx, a custom-headers ConfigMap that does not exist answers 503 rather than serve without its headers
        await().atMost(Duration.ofSeconds(10)).until(() -> get().statusCode() == 503);

        kube.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("security-headers").endMetadata()
                .addToData("X-Frame-Options", "DENY").build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> get().headers().firstValue("X-Frame-Options").orElse("").equals("DENY"));

        kube.configMaps().inNamespace("shop").withName("security-headers")
                .edit(map -> new ConfigMapBuilder(map).addToData("X-Frame-Options", "SAMEORIGIN").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> get().headers().firstValue("X-Frame-Options").orElse("").equals("SAMEORIGIN"));

        kube.configMaps().inNamespace("shop").withName("security-headers").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> get().statusCode() == 503);
        assertThat(get().headers().firstValue("X-Frame-Options")).as("not served without them").isEmpty();
        assertThat(cluster.callsByGatehouse()).contains("list core/configmaps", "watch core/configmaps")
                .allSatisfy(call -> assertThat(ApiCalls.CONTROLLER_USES).contains(call));
    }

    @Test
    void only_the_configmap_an_ingress_names_is_watched_never_the_others_of_its_namespace_or_the_cluster() throws Exception {
        kube.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("kube-system").withName("aws-auth").endMetadata()
                .addToData("mapRoles", "- rolearn: arn:aws:iam::1:role/admin").build()).create();
        kube.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("dashboards").endMetadata()
                .addToData("X-Frame-Options", "not read").build()).create();
        kube.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("security-headers").endMetadata()
                .addToData("X-Frame-Options", "DENY").build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> get().headers().firstValue("X-Frame-Options").orElse("").equals("DENY"));

        kube.configMaps().inNamespace("shop").withName("security-headers")
                .edit(map -> new ConfigMapBuilder(map).addToData("X-Frame-Options", "SAMEORIGIN").build());

        await().atMost(Duration.ofSeconds(10)).until(() -> get().headers().firstValue("X-Frame-Options").orElse("").equals("SAMEORIGIN"));
        assertThat(cluster.requestsByGatehouse()).filteredOn(target -> target.contains("/configmaps"))
                .as("the named ConfigMap is listed and watched by name, and nothing else")
                .anySatisfy(target -> assertThat(target).contains("watch=true"))
                .allSatisfy(target -> assertThat(target).startsWith("/api/v1/namespaces/shop/configmaps?")
                        .contains("fieldSelector=metadata.name%3Dsecurity-headers"));
    }

    private HttpResponse<String> get() {
        return http.get("shop.example.com", "/");
    }
}
