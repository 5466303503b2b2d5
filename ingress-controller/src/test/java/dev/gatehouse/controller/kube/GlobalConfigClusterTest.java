package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The global ConfigMap (--config) read from the Kubernetes API: live defaults, and Events on what it cannot use. */
class GlobalConfigClusterTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private Gatehouse gatehouse;
    private Http http;

    @BeforeEach
    void start() {
        kube.resource(service("shop", "web")).create();
        kube.resource(slice("shop", "web", web.port())).create();
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        gatehouse = cluster.gatehouse("replica-1", TranslatorSettings.defaults().withConfig("gatehouse/gatehouse-config"));
        http = new Http(gatehouse.proxy().httpAddress().getPort());
        await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.isLeader());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
    }

    @Test
    void a_configmap_created_and_then_changed_in_the_api_server_sets_the_body_limit_of_ingresses_that_set_none() {
        await().atMost(Duration.ofSeconds(10)).until(() -> post(2048) == 200);

        kube.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("gatehouse").withName("gatehouse-config").endMetadata()
                .addToData("proxy-body-size", "1k").build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> post(2048) == 413);

        kube.configMaps().inNamespace("gatehouse").withName("gatehouse-config")
                .edit(map -> new ConfigMapBuilder(map).addToData("proxy-body-size", "4k").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> post(2048) == 200);
        assertThat(post(5000)).isEqualTo(413);
    }

    @Test
    void a_key_gatehouse_does_not_read_and_an_unusable_value_become_events_on_the_configmap() {
        kube.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("gatehouse").withName("gatehouse-config").endMetadata()
                .addToData("ssl-ciphers", "ALL").addToData("proxy-read-timeout", "soon").addToData("proxy-body-size", "1k").build()).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events()).extracting(Event::getReason)
                .contains("UnsupportedConfig", "InvalidConfig"));
        assertThat(events()).extracting(Event::getMessage).contains("configmap gatehouse/gatehouse-config: data proxy-read-timeout: "
                + "\"soon\" is not a number of seconds (expected a positive integer such as 60, or a duration such as 500ms); using the default");
        await().atMost(Duration.ofSeconds(10)).until(() -> post(2048) == 413);
    }

    private int post(int bytes) {
        return http.send(http.request("shop.example.com", "/upload").POST(HttpRequest.BodyPublishers.ofString("x".repeat(bytes))).build())
                .statusCode();
    }

    private List<Event> events() {
        return kube.v1().events().inNamespace("gatehouse").list().getItems().stream()
                .filter(event -> "gatehouse-config".equals(event.getInvolvedObject().getName())).toList();
    }
}
