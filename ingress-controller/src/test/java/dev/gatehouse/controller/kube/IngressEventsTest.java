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
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each rejected rule is reported as a Warning Event on its Ingress, once, however often the routes are rebuilt. */
class IngressEventsTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private Gatehouse gatehouse;

    @BeforeEach
    void start() {
        kube.resource(service("shop", "web")).create();
        kube.resource(slice("shop", "web", web.port())).create();
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        gatehouse = cluster.gatehouse("replica-1", List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.isLeader());
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
    }

    @Test
    void a_backend_naming_a_missing_service_is_reported_as_service_not_found() {
        kube.resource(ingress("shop", "cart", "cart.example.com", "/", "cart")).create();

        Event event = awaitEvent("cart", "ServiceNotFound");

        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).isEqualTo("ingress shop/cart: spec.rules[0].http.paths[0].backend.service.name: "
                + "service \"cart\" not found in namespace shop (expected an existing Service; requests to this backend are answered 503)");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Ingress");
        assertThat(event.getInvolvedObject().getUid())
                .isEqualTo(kube.network().v1().ingresses().inNamespace("shop").withName("cart").get().getMetadata().getUid());
        assertThat(event.getReportingComponent()).isEqualTo("gatehouse.dev/ingress-controller");
        assertThat(event.getReportingInstance()).isEqualTo("replica-1");
    }

    @Test
    void a_backend_naming_a_missing_port_is_reported_as_service_port_not_found() {
        kube.resource(new IngressBuilder(ingress("shop", "admin", "admin.example.com", "/", "web"))
                .editSpec().editFirstRule().editHttp().editFirstPath().editBackend().editService()
                .withNewPort().withName("metrics").endPort().endService().endBackend().endPath().endHttp().endRule().endSpec()
                .build()).create();

        assertThat(awaitEvent("admin", "ServicePortNotFound").getMessage()).contains("metrics");
    }

    @Test
    void a_rule_lost_to_an_older_ingress_is_reported_as_a_conflict() {
        kube.resource(ingress("shop", "web-copy", "shop.example.com", "/", "web")).create();

        assertThat(awaitEvent("web-copy", "RuleConflict").getMessage()).contains("ingress shop/web");
    }

    @Test
    void a_path_that_is_not_absolute_is_reported_as_invalid() {
        kube.resource(ingress("shop", "relative", "relative.example.com", "cart", "web")).create();

        assertThat(awaitEvent("relative", "InvalidPath").getMessage()).contains("\"cart\"").contains("must start with \"/\"");
    }

    @Test
    void a_tls_entry_naming_a_missing_secret_is_reported_and_clears_when_the_secret_is_created() {
        kube.resource(new IngressBuilder(ingress("shop", "secure", "secure.example.com", "/", "web"))
                .editSpec().addNewTl().withHosts("secure.example.com").withSecretName("secure-tls").endTl().endSpec()
                .build()).create();

        assertThat(awaitEvent("secure", "TLSSecretNotFound").getMessage()).isEqualTo("ingress shop/secure: spec.tls[0].secretName: "
                + "secret \"secure-tls\" not found in namespace shop (expected a Secret of type kubernetes.io/tls)");
        assertThat(warnings()).isEqualTo(1);

        Issued certificate = TestCertificates.issue(TestCertificates.ca("Test CA"), KeyType.EC, "secure.example.com");
        kube.resource(new SecretBuilder().withNewMetadata().withNamespace("shop").withName("secure-tls").endMetadata()
                .withType("kubernetes.io/tls").addToStringData("tls.crt", certificate.certificatePem())
                .addToStringData("tls.key", certificate.pkcs8()).build()).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> warnings() == 0);
    }

    @Test
    void rebuilds_do_not_repeat_an_event_while_its_warning_stays() {
        kube.resource(ingress("shop", "cart", "cart.example.com", "/", "cart")).create();
        awaitEvent("cart", "ServiceNotFound");
        Http http = new Http(gatehouse.proxy().httpAddress().getPort());

        for (int i = 0; i < 5; i++) {
            String host = "extra" + i + ".example.com";
            kube.resource(ingress("shop", "extra" + i, host, "/", "web")).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.answeredBy(http.get(host, "/")).equals("web"));
        }

        assertThat(events("cart", "ServiceNotFound")).hasSize(1);
    }

    /** The live count of rejected rules, from the admin port's metrics. */
    private int warnings() {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(?m)^gatehouse_translation_warnings (\\S+)$")
                .matcher(Admin.get(gatehouse.proxy().adminAddress().getPort(), "/metrics").body());
        assertThat(matcher.find()).isTrue();
        return (int) Double.parseDouble(matcher.group(1));
    }

    private Event awaitEvent(String ingress, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(ingress, reason)).isNotEmpty());
        return events(ingress, reason).get(0);
    }

    private List<Event> events(String ingress, String reason) {
        return kube.v1().events().inNamespace("shop").list().getItems().stream()
                .filter(e -> ingress.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }
}
