package dev.gatehouse.cloudlb.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.cloudlb.testing.MockKube;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --dry-run} on Azure: reads go to Resource Manager, no PUT or DELETE is sent, nothing is written to the cluster. */
class AzureDryRunTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    @Test
    void a_dry_run_reads_azure_and_writes_nothing_anywhere() {
        try (MockKube mock = new MockKube()) {
            KubernetesClient kube = mock.client();
            kube.resource(MockKube.node("node-1", null, "10.0.0.4")).create();
            AzureLoadBalancing azure = AzureLoadBalancing.create(ARM.settings().dryRun(true).build());
            LoadBalancerReconciler controller = new LoadBalancerReconciler(kube, azure.provider(), List.of(),
                    new LbSettings(FakeArm.CLUSTER, true, Duration.ofMillis(500), Duration.ofMillis(20),
                            n -> Duration.ofMillis(50), true), () -> true, Clock.systemUTC(), new PrometheusRegistry())
                    .start();
            try {
                kube.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                        .withNewSpec().withType("LoadBalancer").addNewPort().withProtocol("TCP").withPort(80)
                        .withNodePort(30080).endPort().endSpec().build()).create();

                await().atMost(Duration.ofSeconds(10)).until(() ->
                        !ARM.findAll(WireMock.getRequestedFor(WireMock.anyUrl())).isEmpty());
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                    assertThat(ARM.writes()).isEmpty();
                    assertThat(mock.service("web").getMetadata().getFinalizers()).isNullOrEmpty();
                    assertThat(mock.statusAddresses("web")).isEmpty();
                });
            } finally {
                controller.close();
            }
        }
    }
}
