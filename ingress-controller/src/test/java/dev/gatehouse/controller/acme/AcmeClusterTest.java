package dev.gatehouse.controller.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.ApiCalls;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.testing.VerifiedHttps;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.tls.testing.PebbleServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ACME in a cluster of two replicas (fabric8's mock API server): the leader orders from Pebble, the
 * certificate lands in the Secret the Ingress names and both replicas serve it; Pebble validates HTTP-01
 * against the replica that is not the leader, which answers from the challenge Secret it watches. What
 * fails is a Warning Event on the Ingress.
 */
class AcmeClusterTest {

    private static MockCluster cluster;
    private static PebbleServer pebble;
    private static TestUpstream upstream;
    private static Gatehouse leader;
    private static Gatehouse follower;
    private static KubernetesClient kube;

    @BeforeAll
    static void start() throws IOException {
        cluster = MockCluster.start();
        kube = cluster.admin();
        upstream = TestUpstream.start("shop");
        int followerPort = PebbleServer.freeTcpPort();
        pebble = PebbleServer.start(followerPort, Duration.ofMinutes(10), "blocked.example.test");
        AcmeSettings acme = new AcmeSettings(pebble.directory(), null, List.of(pebble.listenerCa()), null,
                Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5));
        leader = cluster.gatehouse("replica-a", 0, acme);
        Awaitility.await("replica-a leads").atMost(Duration.ofSeconds(10)).until(leader::isLeader);
        follower = cluster.gatehouse("replica-b", followerPort, acme);
        kube.services().inNamespace("default").resource(MockCluster.service("default", "shop")).create();
        kube.discovery().v1().endpointSlices().inNamespace("default")
                .resource(MockCluster.slice("default", "shop", upstream.port())).create();
    }

    @AfterAll
    static void stop() {
        follower.close();
        leader.close();
        pebble.close();
        upstream.close();
        cluster.close();
    }

    @Test
    void the_leader_orders_into_the_ingress_s_secret_and_every_replica_serves_the_certificate() throws Exception {
        kube.network().v1().ingresses().inNamespace("default").resource(acmeIngress("shop", "shop.example.test", "shop-tls")).create();

        for (Gatehouse replica : List.of(leader, follower)) {
            int https = replica.proxy().httpsAddress().getPort();
            VerifiedHttps.Answer answer = Awaitility.await("a valid certificate on port " + https)
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> VerifiedHttps.get(https, "shop.example.test", "/", pebble.issuingRoot()), a -> true);
            assertThat(answer.response()).startsWith("HTTP/1.1 200").contains("shop");
        }
        Secret certificate = kube.secrets().inNamespace("default").withName("shop-tls").get();
        assertThat(certificate.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(certificate.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "gatehouse");
        assertThat(certificate.getMetadata().getAnnotations()).containsEntry("gatehouse.dev/acme-hosts", "shop.example.test");
        assertThat(kube.secrets().inNamespace("default").withName("gatehouse-acme-account").get().getData())
                .containsKey("account.key");
        assertThat(kube.secrets().inNamespace("default").withName("gatehouse-acme-challenges").get().getData())
                .as("answers are withdrawn once the authority has decided").isNullOrEmpty();
        assertThat(ordersIssued(leader)).isGreaterThanOrEqualTo(1);
        assertThat(ordersIssued(follower)).as("only the leader orders").isZero();
        assertThat(ApiCalls.CONTROLLER_USES).as("what manifests/deploy grants").containsAll(cluster.callsByGatehouse());
    }

    @Test
    void an_order_the_authority_refuses_is_a_warning_event_on_the_ingress_and_is_retried() {
        kube.network().v1().ingresses().inNamespace("default")
                .resource(acmeIngress("blocked", "blocked.example.test", "blocked-tls")).create();

        Event event = Awaitility.await("an AcmeOrderFailed event").atMost(Duration.ofSeconds(30))
                .until(() -> events("blocked", "AcmeOrderFailed"), events -> !events.isEmpty()).get(0);

        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).startsWith("ingress default/blocked: ").contains("blocked.example.test");
        Awaitility.await("a second attempt").atMost(Duration.ofSeconds(30))
                .until(() -> metric(leader, "gatehouse_acme_orders_total{result=\"failed\"}") >= 2);
        assertThat(kube.secrets().inNamespace("default").withName("blocked-tls").get()).isNull();
    }

    @Test
    void a_secret_that_gatehouse_did_not_make_is_never_written_and_that_is_reported() {
        Secret created = kube.secrets().inNamespace("default").resource(new SecretBuilder()
                .withNewMetadata().withName("theirs-tls").endMetadata().withType("Opaque")
                .withStringData(Map.of("note", "made by hand")).build()).create();
        kube.network().v1().ingresses().inNamespace("default")
                .resource(acmeIngress("theirs", "theirs.example.test", "theirs-tls")).create();

        Event event = Awaitility.await("an AcmeSecretNotOurs event").atMost(Duration.ofSeconds(30))
                .until(() -> events("theirs", "AcmeSecretNotOurs"), events -> !events.isEmpty()).get(0);

        assertThat(event.getMessage()).isEqualTo("ingress default/theirs: secret default/theirs-tls exists and was not made by "
                + "Gatehouse (expected no Secret, or one labelled app.kubernetes.io/managed-by=gatehouse); no certificate is "
                + "ordered into it");
        Secret theirs = kube.secrets().inNamespace("default").withName("theirs-tls").get();
        assertThat(theirs.getType()).isEqualTo("Opaque");
        assertThat(theirs.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    }

    private static Ingress acmeIngress(String name, String host, String secret) {
        return new IngressBuilder(MockCluster.ingress("default", name, host, "/", "shop"))
                .editMetadata().addToAnnotations("gatehouse.dev/tls-acme", "true").endMetadata()
                .editSpec().addNewTl().withHosts(host).withSecretName(secret).endTl().endSpec()
                .build();
    }

    private static List<Event> events(String ingress, String reason) {
        return kube.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> ingress.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    private static double ordersIssued(Gatehouse replica) {
        return metric(replica, "gatehouse_acme_orders_total{result=\"issued\"}");
    }

    private static double metric(Gatehouse replica, String series) {
        return Admin.get(replica.proxy().adminAddress().getPort(), "/metrics").body().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }
}
