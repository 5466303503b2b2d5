package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.GatehouseProcess;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse run --kubeconfig FILE}, as an operator starts it, against the mock API server. */
class RunInClusterTest {

    @TempDir
    Path directory;

    @Test
    void gatehouse_run_with_a_kubeconfig_routes_the_cluster_publishes_status_and_gives_up_the_lease_on_sigterm() throws IOException {
        try (TestUpstream web = TestUpstream.start("web"); MockCluster cluster = MockCluster.start()) {
            KubernetesClient kube = cluster.admin();
            kube.resource(service("shop", "web")).create();
            kube.resource(slice("shop", "web", web.port())).create();
            kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
            Path kubeconfig = Files.writeString(directory.resolve("kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: mock
                      cluster:
                        server: %s
                    users:
                    - name: gatehouse
                      user:
                        token: not-a-secret
                    contexts:
                    - name: other
                      context: {cluster: nowhere, user: gatehouse}
                    - name: mock
                      context: {cluster: mock, user: gatehouse, namespace: gatehouse}
                    current-context: mock
                    """.formatted(kube.getMasterUrl().toString()));

            try (GatehouseProcess gatehouse = GatehouseProcess.start(directory, List.of("-Xmx128m"), "run",
                    "--kubeconfig", kubeconfig.toString(), "--bind-address", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                    "--admin-port", "0", "--publish-status-address", "203.0.113.10", "--shutdown-drain-delay", "100ms",
                    "--shutdown-timeout", "1s", "--access-log", "off")) {
                int port = Integer.parseInt(gatehouse.awaitOutput("serving HTTP on /127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(30)));
                gatehouse.awaitOutput("routing snapshot v1 is live", Duration.ofSeconds(30));

                assertThat(Http.answeredBy(new Http(port).get("shop.example.com", "/"))).isEqualTo("web");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(holder(kube)).isNotEmpty());
                // the status is absent until written: keep asking instead of failing on it
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(kube.network().v1().ingresses()
                        .inNamespace("shop").withName("web").get().getStatus().getLoadBalancer().getIngress())
                        .extracting(a -> a.getIp()).containsExactly("203.0.113.10"));

                gatehouse.process().destroy();
                await().atMost(Duration.ofSeconds(20)).until(() -> !gatehouse.isAlive());
                assertThat(gatehouse.process().exitValue()).isEqualTo(143);
            }
            Lease lease = kube.leases().inNamespace("gatehouse").withName("gatehouse-leader").get();
            // released as client-go does it: the lease now runs out one second after its last renewal
            assertThat(lease.getSpec().getLeaseDurationSeconds()).as("lease %s", lease.getSpec()).isEqualTo(1);
        }
    }

    /** The holder of the Lease in the kubeconfig context's namespace, where the election runs by default. */
    private static String holder(KubernetesClient kube) {
        Lease lease = kube.leases().inNamespace("gatehouse").withName("gatehouse-leader").get();
        return lease == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
    }
}
