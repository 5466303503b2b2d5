package dev.gatehouse.cloudlb.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.cloudlb.testing.MockKube;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole load-balancer sync for Azure: Services and Nodes in fabric8's mock API server (CRUD mode), the
 * reconciler, the real Azure SDK client and the stateful fake Resource Manager.
 */
class AzureReconcilerTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private final MockKube mock = new MockKube();
    private final KubernetesClient kube = mock.client();
    private LoadBalancerReconciler controller;

    @BeforeEach
    void start() {
        kube.resource(MockKube.node("node-1", null, "10.0.0.4")).create();
        kube.resource(MockKube.node("node-2", null, "10.0.0.5")).create();
        AzureLoadBalancing azure = ARM.azure();
        controller = new LoadBalancerReconciler(kube, azure.provider(), List.of(azure.backendPoolBinding()),
                new LbSettings(FakeArm.CLUSTER, true, Duration.ofMillis(500), Duration.ofMillis(20),
                        n -> Duration.ofMillis(50), false),
                () -> true, Clock.systemUTC(), new PrometheusRegistry()).start();
    }

    @AfterEach
    void stop() {
        controller.close();
        mock.close();
    }

    @Test
    void a_service_gets_a_public_ip_on_the_cluster_load_balancer_and_loses_it_when_deleted() {
        kube.resource(service()).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.statusAddresses("web")).hasSize(1));
        String ip = mock.statusAddresses("web").get(0);
        // the API server gives the Service its uid, which names its Azure resources
        String uid = mock.service("web").getMetadata().getUid();
        String publicIp = FakeArm.publicIpPath("a" + uid.replace("-", ""));
        assertThat(ARM.model().get(publicIp).path("properties").path("ipAddress").asText()).isEqualTo(ip);
        assertThat(ARM.writeCalls()).containsExactly("PUT " + publicIp, "PUT " + FakeArm.loadBalancerPath(FakeArm.CLUSTER));
        assertThat(mock.service("web").getMetadata().getFinalizers()).containsExactly(LoadBalancerReconciler.FINALIZER, LoadBalancerReconciler.OWN_FINALIZER);

        ARM.forgetRequests();
        await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5))
                .until(() -> !ARM.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).isEmpty());
        assertThat(ARM.writes()).as("resyncs with nothing changed").isEmpty();

        kube.services().inNamespace("default").withName("web").delete();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.service("web")).isNull());
        assertThat(ARM.writeCalls()).containsExactly("DELETE " + FakeArm.loadBalancerPath(FakeArm.CLUSTER),
                "DELETE " + publicIp);
    }

    private static Service service() {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                .withNewSpec().withType("LoadBalancer")
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080).endPort()
                .endSpec().build();
    }
}
