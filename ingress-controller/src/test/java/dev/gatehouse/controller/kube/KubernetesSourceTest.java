package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the informers hold: the kinds the translator reads, in the watched namespaces, TLS Secrets only. */
class KubernetesSourceTest {

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private final KubernetesClient client = cluster.newClient();
    private final AtomicInteger changes = new AtomicInteger();

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void only_secrets_of_type_tls_are_asked_for_and_kept() throws InterruptedException {
        kube.resource(secret("shop", "shop-tls", "kubernetes.io/tls")).create();
        kube.resource(secret("shop", "db-password", "Opaque")).create();

        try (KubernetesSource source = KubernetesSource.create(client, Set.of(), changes::incrementAndGet)) {
            source.start().join();
            await().atMost(Duration.ofSeconds(5)).until(source::isWatching);

            assertThat(source.view().secrets()).extracting(s -> s.getMetadata().getName()).containsExactly("shop-tls");
        }
        assertThat(cluster.requestsByGatehouse()).filteredOn(target -> target.startsWith("/api/v1/secrets?"))
                .isNotEmpty()
                .allSatisfy(target -> assertThat(target).contains("fieldSelector=type%3Dkubernetes.io%2Ftls"));
    }

    @Test
    void watched_namespaces_limit_the_view_to_them() {
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        kube.resource(ingress("blog", "web", "blog.example.com", "/", "web")).create();
        kube.resource(ingress("other", "web", "other.example.com", "/", "web")).create();

        try (KubernetesSource source = KubernetesSource.create(client, Set.of("shop", "blog"), changes::incrementAndGet)) {
            source.start().join();
            await().atMost(Duration.ofSeconds(5)).until(source::isWatching);

            assertThat(source.view().ingresses()).extracting(i -> i.getMetadata().getNamespace())
                    .containsExactlyInAnyOrder("shop", "blog");
        }
    }

    @Test
    void every_change_is_signalled_and_the_view_reads_the_caches_as_they_are_then() {
        try (KubernetesSource source = KubernetesSource.create(client, Set.of(), changes::incrementAndGet)) {
            source.start().join();
            await().atMost(Duration.ofSeconds(5)).until(source::isWatching);
            assertThat(source.hasSynced()).isTrue();
            int before = changes.get();

            kube.resource(service("shop", "web")).create();
            kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                ClusterView view = source.view();
                assertThat(view.services()).hasSize(1);
                assertThat(view.ingresses()).hasSize(1);
            });
            assertThat(changes.get()).isGreaterThanOrEqualTo(before + 2);
        }
    }

    private static Secret secret(String namespace, String name, String type) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType(type).addToStringData("tls.crt", "x").build();
    }
}
