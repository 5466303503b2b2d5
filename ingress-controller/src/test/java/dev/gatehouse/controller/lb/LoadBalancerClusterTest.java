package dev.gatehouse.controller.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.cloudlb.pool.PoolProvider;
import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.LoadBalancerSetup;
import dev.gatehouse.controller.testing.ApiCalls;
import dev.gatehouse.controller.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load-balancer sync inside the controller: only the leader writes, within the granted RBAC. */
class LoadBalancerClusterTest {

    @Test
    void the_leader_gives_a_load_balancer_service_a_pool_address_using_only_granted_calls() throws Exception {
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient kube = cluster.admin();
            LbSettings settings = new LbSettings("test", true, Duration.ofMinutes(5), Duration.ofMillis(20),
                    n -> Duration.ofMillis(100), false);
            Gatehouse gatehouse = cluster.gatehouse("replica-1",
                    new LoadBalancerSetup(PoolProvider.of(List.of("203.0.113.0/30")), List.of(), settings));
            try {
                kube.resource(new ServiceBuilder(MockCluster.service("shop", "web")).editSpec().withType("LoadBalancer")
                        .editFirstPort().withNodePort(30080).endPort().endSpec().build()).create();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    Service web = kube.services().inNamespace("shop").withName("web").get();
                    assertThat(web.getMetadata().getFinalizers()).containsExactly(LoadBalancerReconciler.FINALIZER, LoadBalancerReconciler.OWN_FINALIZER);
                    assertThat(web.getStatus()).as("status written").isNotNull();
                    assertThat(web.getStatus().getLoadBalancer().getIngress()).singleElement()
                            .satisfies(i -> assertThat(i.getIp()).isEqualTo("203.0.113.0"));
                });
                kube.services().inNamespace("shop").withName("web").delete();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        kube.services().inNamespace("shop").withName("web").get() == null);
            } finally {
                gatehouse.close();
            }

            var calls = cluster.callsByGatehouse();
            assertThat(calls).contains("watch core/nodes", "patch core/services", "patch core/services/status");
            assertThat(ApiCalls.CONTROLLER_USES).as("what manifests/deploy grants").containsAll(calls);
        }
    }
}
