package dev.gatehouse.cloudlb.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.cloudlb.pool.PoolProvider;
import dev.gatehouse.cloudlb.testing.MockKube;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler with the address pool, against fabric8's mock API server in CRUD mode: finalizer,
 * status, events, deletion, class and type changes, exhaustion.
 */
class PoolLoadBalancerTest {

    private MockKube mock;
    private KubernetesClient kube;
    private LoadBalancerReconciler controller;

    @BeforeEach
    void start() {
        mock = new MockKube();
        kube = mock.client();
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        mock.close();
    }

    @Test
    void a_load_balancer_service_gets_the_finalizer_then_an_address_from_the_pool_and_an_event() {
        controller = start(List.of("192.0.2.10-192.0.2.11"), true);
        kube.resource(service("web", null, null)).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("web")).containsExactly("192.0.2.10"));
        assertThat(get("web").getMetadata().getFinalizers()).containsExactly(LoadBalancerReconciler.FINALIZER, LoadBalancerReconciler.OWN_FINALIZER);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events("web", "EnsuredLoadBalancer"))
                .singleElement().satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("pool load balancer 192.0.2.10 for ports [TCP/80] on 0 node(s)")));
    }

    @Test
    void theOperationLogKeepsEachLoadBalancersAddressAndLastOperationForTheDashboard() {
        controller = start(List.of("192.0.2.10"), true);
        kube.resource(service("first", null, null)).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("first")).containsExactly("192.0.2.10"));
        kube.resource(service("waiting", null, null)).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(controller.operationLog().entries())
                .extracting(LoadBalancerLog.Entry::service, LoadBalancerLog.Entry::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("default/first", "192.0.2.10"),
                        org.assertj.core.groups.Tuple.tuple("default/waiting", null)));
        assertThat(controller.operationLog().entries().get(0).operation()).isEqualTo("ensured");
        assertThat(controller.operationLog().entries().get(1).operation()).startsWith("failed: ").contains("exhausted");

        kube.services().inNamespace("default").withName("first").delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(controller.operationLog().entries())
                .extracting(LoadBalancerLog.Entry::service, LoadBalancerLog.Entry::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("default/waiting", "ensured")));
    }

    @Test
    void a_requested_address_is_honoured_and_no_address_is_handed_out_twice() {
        controller = start(List.of("192.0.2.10/31"), true);
        kube.resource(service("first", null, null)).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("first")).containsExactly("192.0.2.10"));

        kube.resource(service("asks", null, "192.0.2.10")).create();
        kube.resource(service("second", null, null)).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("second")).containsExactly("192.0.2.11"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("asks", "AllocationFailed"))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).startsWith(
                        "service default/asks: requested address 192.0.2.10 is already allocated to service default/first")));
        assertThat(ips("asks")).isEmpty();
    }

    @Test
    void an_exhausted_pool_leaves_the_service_pending_with_an_event_until_an_address_is_released() {
        controller = start(List.of("192.0.2.10"), true);
        kube.resource(service("first", null, null)).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("first")).containsExactly("192.0.2.10"));

        kube.resource(service("waiting", null, null)).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("waiting", "AllocationFailed"))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("the address pool 192.0.2.10 is "
                        + "exhausted (all 1 addresses are allocated)")));
        assertThat(ips("waiting")).isEmpty();

        kube.services().inNamespace("default").withName("first").delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("waiting")).containsExactly("192.0.2.10"));
    }

    @Test
    void a_deleted_service_keeps_its_finalizer_until_the_load_balancer_is_gone() {
        controller = start(List.of("192.0.2.10"), true);
        kube.resource(service("web", null, null)).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("web")).containsExactly("192.0.2.10"));

        kube.services().inNamespace("default").withName("web").delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("web")).isNull());
        assertThat(kube.v1().events().inNamespace("default").list().getItems())
                .extracting(Event::getReason).contains("DeletedLoadBalancer");
    }

    @Test
    void a_service_that_becomes_cluster_ip_loses_its_address_and_finalizer() {
        controller = start(List.of("192.0.2.10"), true);
        kube.resource(service("web", null, null)).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("web")).containsExactly("192.0.2.10"));

        kube.services().inNamespace("default").withName("web").edit(s -> {
            s.getSpec().setType("ClusterIP");
            s.getSpec().getPorts().forEach(p -> p.setNodePort(null));
            return s;
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ips("web")).isEmpty();
            assertThat(get("web").getMetadata().getFinalizers()).isNullOrEmpty();
        });
    }

    @Test
    void services_of_another_class_or_without_a_class_are_left_alone_unless_the_default_class_is_on() {
        controller = start(List.of("192.0.2.10-192.0.2.20"), false);
        kube.resource(service("theirs", "example.com/other", null)).create();
        kube.resource(service("classless", null, null)).create();
        kube.resource(service("ours", "gatehouse.dev/lb", null)).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("ours")).hasSize(1));
        assertThat(ips("theirs")).isEmpty();
        assertThat(get("theirs").getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(ips("classless")).isEmpty();
    }

    @Test
    void a_classless_service_of_the_clouds_own_controller_keeps_its_finalizer_and_status() {
        controller = start(List.of("192.0.2.10"), false);
        kube.resource(new ServiceBuilder(service("cloud", null, null)).editMetadata()
                .withFinalizers(LoadBalancerReconciler.FINALIZER).endMetadata().build()).create();
        kube.services().inNamespace("default").withName("cloud").editStatus(s -> new ServiceBuilder(s).withNewStatus()
                .withNewLoadBalancer().addNewIngress().withHostname("theirs.elb.amazonaws.com").endIngress()
                .endLoadBalancer().endStatus().build());
        kube.resource(service("ours", "gatehouse.dev/lb", null)).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ips("ours")).hasSize(1));
        Service cloud = get("cloud");
        assertThat(cloud.getMetadata().getFinalizers()).containsExactly(LoadBalancerReconciler.FINALIZER);
        assertThat(cloud.getStatus().getLoadBalancer().getIngress()).extracting(LoadBalancerIngress::getHostname)
                .containsExactly("theirs.elb.amazonaws.com");
    }

    @Test
    void a_replica_that_is_not_the_leader_writes_nothing() {
        controller = new LoadBalancerReconciler(kube, PoolProvider.of(List.of("192.0.2.10")), List.of(),
                new LbSettings("test", true, Duration.ofMillis(100), Duration.ofMillis(20), n -> Duration.ofMillis(100),
                        false), () -> false, Clock.systemUTC(), new PrometheusRegistry()).start();

        kube.resource(service("web", null, null)).create();

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(ips("web")).isEmpty();
            assertThat(get("web").getMetadata().getFinalizers()).isNullOrEmpty();
        });
    }

    /** @param defaultClass whether Services without a loadBalancerClass are ours too */
    private LoadBalancerReconciler start(List<String> pool, boolean defaultClass) {
        LbSettings settings = new LbSettings("test", defaultClass, Duration.ofMinutes(5), Duration.ofMillis(20),
                n -> Duration.ofMillis(100L * n), false);
        return new LoadBalancerReconciler(kube, PoolProvider.of(pool), List.of(), settings, () -> true,
                Clock.systemUTC(), new PrometheusRegistry()).start();
    }

    private static Service service(String name, String lbClass, String requestedIp) {
        ServiceBuilder builder = new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withUid("uid-" + name).endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(lbClass)
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080).endPort()
                .endSpec();
        if (requestedIp != null) {
            builder.editMetadata().withAnnotations(Map.of("gatehouse.dev/load-balancer-ip", requestedIp)).endMetadata();
        }
        return builder.build();
    }

    private Service get(String name) {
        return kube.services().inNamespace("default").withName(name).get();
    }

    private List<String> ips(String name) {
        Service service = get(name);
        if (service == null || service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return service.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp).toList();
    }

    private List<Event> events(String service, String reason) {
        return kube.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> service.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }
}
