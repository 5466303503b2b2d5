package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.ApiCalls;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.EchoUpstream;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** marathon-lb keys on Services and the TCP services ConfigMap, read from the Kubernetes API. */
class LabelClusterTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final TestUpstream api = TestUpstream.start("api");
    private final EchoUpstream db = EchoUpstream.start();
    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private Gatehouse gatehouse;
    private Http http;

    @BeforeEach
    void start() {
        kube.resource(labelled("web", Map.of("HAPROXY_GROUP", "external", "HAPROXY_0_VHOST", "web.example.com",
                "HAPROXY_0_MODE", "http"))).create();
        kube.resource(slice("apps", "web", web.port())).create();
        kube.resource(labelled("api", Map.of("HAPROXY_GROUP", "external", "HAPROXY_0_VHOST", "api.example.com",
                "HAPROXY_0_MODE", "http"))).create();
        kube.resource(slice("apps", "api", api.port())).create();
        kube.resource(service("apps", "db-service")).create();
        kube.resource(slice("apps", "db-service", db.port())).create();
        gatehouse = cluster.gatehouse("replica-1", TranslatorSettings.defaults().withLabels("external", false, "default/tcp-services"));
        http = new Http(gatehouse.proxy().httpAddress().getPort());
        await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.isLeader());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
        api.close();
        db.close();
    }

    @Test
    void the_seed_example_routes_each_vhost_to_its_service_and_follows_a_changed_vhost() {
        await().atMost(Duration.ofSeconds(10)).until(() -> answeredBy("web.example.com").equals("web"));
        assertThat(answeredBy("api.example.com")).isEqualTo("api");

        kube.services().inNamespace("apps").withName("api").edit(s -> new ServiceBuilder(s).editMetadata()
                .addToAnnotations("HAPROXY_0_VHOST", "api.example.org").endMetadata().build());

        await().atMost(Duration.ofSeconds(10)).until(() -> answeredBy("api.example.org").equals("api"));
        assertThat(answeredBy("api.example.com")).isEqualTo("status 404");
    }

    @Test
    void a_template_key_and_a_route_lost_to_an_ingress_are_reported_as_events_on_the_service() {
        kube.resource(ingress("apps", "site", "web.example.com", "/", "api")).create();
        kube.services().inNamespace("apps").withName("web").edit(s -> new ServiceBuilder(s).editMetadata()
                .addToAnnotations("HAPROXY_0_BACKEND_HEAD", "backend x").endMetadata().build());

        Event refused = awaitEvent("web", "RefusedLabel");
        Event conflict = awaitEvent("web", "RuleConflict");

        assertThat(refused.getInvolvedObject().getKind()).isEqualTo("Service");
        assertThat(refused.getMessage()).startsWith("service apps/web: HAPROXY_0_BACKEND_HEAD is refused");
        assertThat(conflict.getMessage()).contains("is already routed by ingress apps/site");
        assertThat(answeredBy("web.example.com")).as("the Ingress rule is tried first").isEqualTo("api");
    }

    @Test
    void the_tcp_services_config_map_opens_and_closes_listeners_as_it_changes() throws Exception {
        int port = freePort();
        kube.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("default").withName("tcp-services").endMetadata()
                .addToData(Integer.toString(port), "apps/db-service:8080").build()).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.proxy().tcpAddress(port) != null);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("SELECT 1;".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(9), StandardCharsets.US_ASCII)).isEqualTo("SELECT 1;");
        }

        kube.configMaps().inNamespace("default").withName("tcp-services").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.proxy().tcpAddress(port) == null);
    }

    @Test
    void every_call_gatehouse_makes_for_labels_and_tcp_services_is_granted() throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> answeredBy("web.example.com").equals("web"));

        assertThat(cluster.callsByGatehouse()).contains("list core/configmaps", "watch core/configmaps")
                .allSatisfy(call -> assertThat(ApiCalls.CONTROLLER_USES).contains(call));
    }

    private Service labelled(String name, Map<String, String> annotations) {
        return new ServiceBuilder(service("apps", name)).editMetadata().addToAnnotations(annotations).endMetadata().build();
    }

    private String answeredBy(String host) {
        return Http.answeredBy(http.get(host, "/"));
    }

    private Event awaitEvent(String service, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(service, reason)).isNotEmpty());
        return events(service, reason).get(0);
    }

    private List<Event> events(String service, String reason) {
        return kube.v1().events().inNamespace("apps").list().getItems().stream()
                .filter(e -> service.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
