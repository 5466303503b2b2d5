package dev.gatehouse.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.controller.testing.Kubeconfigs;
import dev.gatehouse.controller.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse lb plan} against fabric8's mock API server (CRUD mode), with the address pool. */
class LbCommandTest {

    @TempDir
    Path directory;

    @Test
    void planPrintsTheAddressEachServiceWouldGetAndWritesNothing() throws Exception {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.admin().resource(loadBalancer("web")).create();
            Service kept = loadBalancer("kept");
            kept.getMetadata().setFinalizers(List.of(LoadBalancerReconciler.FINALIZER, LoadBalancerReconciler.OWN_FINALIZER));
            kept.getMetadata().getAnnotations().put(LoadBalancerReconciler.MADE_BY, "pool");
            cluster.admin().resource(kept).create();
            cluster.admin().services().inNamespace("default").withName("kept").editStatus(s -> new ServiceBuilder(s)
                    .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("192.0.2.10").endIngress()
                    .endLoadBalancer().endStatus().build());
            Path kubeconfig = Kubeconfigs.write(directory, cluster.url());

            Output result = run("lb", "plan", "--kubeconfig", kubeconfig.toString(), "--lb-address-pool",
                    "192.0.2.10-192.0.2.12", "--default-load-balancer-class");

            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.lines()).containsExactly(
                    "SERVICE PROVIDER ACTION KIND RESOURCE REASON",
                    "default/kept pool none - - in sync",
                    "default/web pool update service default/web add the finalizers and mark the load balancer as ours",
                    "default/web pool create address 192.0.2.11 the lowest free address of the pool 192.0.2.10-192.0.2.12",
                    "2 changes for 1 Service(s), 1 in sync, 0 cannot be planned",
                    "plan only: nothing was written");
            Service web = cluster.admin().services().inNamespace("default").withName("web").get();
            assertThat(web.getMetadata().getFinalizers()).isEmpty();
            assertThat(web.getStatus() == null || web.getStatus().getLoadBalancer() == null
                    || web.getStatus().getLoadBalancer().getIngress().isEmpty()).as("status of web written").isTrue();
        }
    }

    @Test
    void planWithoutACloudSaysWhichFlagIsMissing() {
        Output result = run("lb", "plan");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Missing option '--cloud' (expected aws, azure or pool, or --lb-address-pool)");
    }

    private static Service loadBalancer(String name) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .addToAnnotations("team", "edge").endMetadata()
                .withNewSpec().withType("LoadBalancer").addNewPort().withName("http").withProtocol("TCP").withPort(80)
                .withNodePort(30080).endPort().endSpec().build();
    }

    private static Output run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Output(code, out.toString().lines().map(line -> line.replaceAll("\\s+", " ").strip()).toList(),
                err.toString());
    }

    private record Output(int code, List<String> lines, String err) {
    }
}
