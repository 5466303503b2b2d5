package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** status.loadBalancer.ingress of our Ingresses carries the published address, and only theirs. */
class IngressStatusTest {

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private Gatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        cluster.close();
    }

    @Test
    void our_ingresses_get_the_fixed_publish_addresses_and_others_are_left_alone() {
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        kube.resource(new IngressBuilder(ingress("shop", "theirs", "other.example.com", "/", "web"))
                .editSpec().withIngressClassName("nginx").endSpec().build()).create();

        gatehouse = cluster.gatehouse("replica-1", List.of("203.0.113.10", "lb.example.com"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(published("shop", "web")).containsExactlyInAnyOrder("203.0.113.10", "lb.example.com"));
        assertThat(published("shop", "theirs")).isEmpty();
    }

    @Test
    void the_publish_service_load_balancer_address_is_published_and_followed_when_it_changes() {
        kube.resource(new ServiceBuilder(service("gatehouse", "gatehouse")).build()).create();
        setLoadBalancerIp("198.51.100.7");
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();

        gatehouse = cluster.gatehouse("replica-1", "gatehouse/gatehouse", List.of(), Set.of());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(published("shop", "web")).containsExactly("198.51.100.7"));

        setLoadBalancerIp("198.51.100.8");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(published("shop", "web")).containsExactly("198.51.100.8"));
    }

    @Test
    void a_publish_service_without_a_load_balancer_publishes_its_external_ips() {
        kube.resource(new ServiceBuilder(service("gatehouse", "gatehouse"))
                .editSpec().withExternalIPs("192.0.2.5").endSpec().build()).create();
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();

        gatehouse = cluster.gatehouse("replica-1", "gatehouse/gatehouse", List.of(), Set.of());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(published("shop", "web")).containsExactly("192.0.2.5"));
    }

    @Test
    void an_ingress_that_stops_being_ours_loses_the_address_we_wrote() {
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        gatehouse = cluster.gatehouse("replica-1", List.of("203.0.113.10"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(published("shop", "web")).containsExactly("203.0.113.10"));

        kube.network().v1().ingresses().inNamespace("shop").withName("web")
                .edit(i -> new IngressBuilder(i).editSpec().withIngressClassName("nginx").endSpec().build());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(published("shop", "web")).isEmpty());
    }

    @Test
    void a_status_that_already_matches_is_not_written_again() {
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        gatehouse = cluster.gatehouse("replica-1", List.of("203.0.113.10"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(published("shop", "web")).containsExactly("203.0.113.10"));
        String version = get("shop", "web").getMetadata().getResourceVersion();

        kube.resource(ingress("shop", "blog", "blog.example.com", "/", "web")).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(published("shop", "blog")).containsExactly("203.0.113.10"));
        assertThat(get("shop", "web").getMetadata().getResourceVersion()).isEqualTo(version);
    }

    private void setLoadBalancerIp(String ip) {
        kube.services().inNamespace("gatehouse").withName("gatehouse").editStatus(s -> new ServiceBuilder(s)
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus()
                .build());
    }

    private Ingress get(String namespace, String name) {
        return kube.network().v1().ingresses().inNamespace(namespace).withName(name).get();
    }

    private List<String> published(String namespace, String name) {
        Ingress ingress = get(namespace, name);
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress().stream()
                .map(address -> address.getIp() != null ? address.getIp() : address.getHostname()).toList();
    }
}
