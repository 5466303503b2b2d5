package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.cloudlb.testing.MockKube;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --dry-run}: the providers read the cloud, the first write each Service needs is reported, none is sent. */
class AwsDryRunTest {

    @Test
    void a_dry_run_reads_aws_reports_the_changes_and_writes_nothing_anywhere() {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (MockKube mock = new MockKube(); FakeAws aws = new FakeAws();
             AwsProviders providers = AwsProviders.create(aws.settings().dryRun(true).build())) {
            Requests.seedSubnets(aws.ec2);
            KubernetesClient kube = mock.client();
            kube.resource(MockKube.node("node-a", "i-0a", "10.0.1.1")).create();
            LoadBalancerReconciler controller = new LoadBalancerReconciler(kube, providers.provider(), List.of(),
                    new LbSettings(Requests.CLUSTER, true, Duration.ofMillis(500), Duration.ofMillis(20),
                            n -> Duration.ofMillis(50), true), () -> true, Clock.systemUTC(), registry).start();
            try {
                kube.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                        .withNewSpec().withType("LoadBalancer").addNewPort().withProtocol("TCP").withPort(80)
                        .withNodePort(30080).endPort().endSpec().build()).create();

                await().atMost(Duration.ofSeconds(10)).until(() -> planned(registry, "changes") >= 1);
            } finally {
                controller.close();
            }

            assertThat(aws.calls()).isNotEmpty().allSatisfy(call -> assertThat(call.action()).startsWith("Describe"));
            assertThat(aws.writes()).isEmpty();
            assertThat(mock.service("web").getMetadata().getFinalizers()).isNullOrEmpty();
            assertThat(mock.statusAddresses("web")).isEmpty();
            assertThat(kube.v1().events().inNamespace("default").list().getItems()).isEmpty();
        }
    }

    private static double planned(PrometheusRegistry registry, String result) {
        return registry.scrape().stream().filter(CounterSnapshot.class::isInstance).map(CounterSnapshot.class::cast)
                .filter(s -> s.getMetadata().getName().equals("gatehouse_lb_operations"))
                .flatMap(s -> s.getDataPoints().stream())
                .filter(p -> p.getLabels().get("operation").equals("plan-ensure") && p.getLabels().get("result").equals(result))
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
    }
}
