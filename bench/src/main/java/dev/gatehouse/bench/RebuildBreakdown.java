package dev.gatehouse.bench;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.RoutingSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the time of one rebuild goes at {@code -Dingresses} (10,000) Ingresses, without an API server: the view of
 * {@link ScaleBenchmark}, warmed, then {@code -Drounds} (41) rebuilds each after one new Ingress on a new host (as
 * {@link PropagationBenchmark} makes), each timed in its three stages: the translation, the comparison with the live
 * snapshot, and the proxy's runtime for the new snapshot ({@link LiveRouting}). Prints the median and the highest of
 * each. Run by `bench/rebuild-breakdown.sh`, under JFR to see inside a stage.
 */
public final class RebuildBreakdown {

    private RebuildBreakdown() {
    }

    public static void main(String[] args) {
        int count = Integer.getInteger("ingresses", ScaleBenchmark.INGRESSES);
        int rounds = Integer.getInteger("rounds", 41);
        int services = Math.max(1, count / 2);
        List<Ingress> ingresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ingresses.add(versioned(ScaleBenchmark.ingress(i, "1"), "1"));
        }
        List<Service> serviceList = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            serviceList.add(versioned(ScaleBenchmark.service(s), "1"));
            slices.add(versioned(ScaleBenchmark.slice(s, 0), "1"));
        }
        IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());
        ProxyMetrics metrics = new ProxyMetrics(new PrometheusRegistry());
        ProxySettings settings = ProxySettings.builder().build();
        RoutingSnapshot live = translator.translate(view(ingresses, serviceList, slices)).snapshot().withVersion(1);
        LiveRouting routing = LiveRouting.build(live, null, metrics, settings);

        int warmUp = Integer.getInteger("warmUp", 40);
        double[][] stages = new double[3][rounds];
        for (int round = -warmUp; round < rounds; round++) {
            int c = round + warmUp;
            ingresses.add(versioned(routeTo("change" + c, ScaleBenchmark.namespaceOf(c % services), "svc" + (c % services)), "1"));
            ClusterView view = view(ingresses, serviceList, slices);
            long start = System.nanoTime();
            RoutingSnapshot next = translator.translate(view).snapshot();
            long translated = System.nanoTime();
            boolean same = next.sameRoutingAs(live);
            long compared = System.nanoTime();
            if (same) {
                throw new IllegalStateException("a new Ingress left the routing as it was");
            }
            live = next.withVersion(live.version() + 1);
            routing = LiveRouting.build(live, routing, metrics, settings);
            long built = System.nanoTime();
            if (round >= 0) {
                stages[0][round] = (translated - start) / 1e6;
                stages[1][round] = (compared - translated) / 1e6;
                stages[2][round] = (built - compared) / 1e6;
            }
        }
        System.out.printf("%,d Ingresses, %,d virtual hosts, %,d clusters; one new Ingress per rebuild, %d rebuilds after %d to warm up%n",
                ingresses.size(), live.virtualHosts().size(), live.clusters().size(), rounds, warmUp);
        String[] names = {"translate", "compare with live", "proxy runtime (LiveRouting)"};
        double[] total = new double[rounds];
        for (int s = 0; s < stages.length; s++) {
            for (int r = 0; r < rounds; r++) {
                total[r] += stages[s][r];
            }
            System.out.printf("%-30s median %7.2f ms, max %7.2f ms%n", names[s], median(stages[s]), max(stages[s]));
        }
        System.out.printf("%-30s median %7.2f ms, max %7.2f ms%n", "rebuild", median(total), max(total));
    }

    private static ClusterView view(List<Ingress> ingresses, List<Service> services, List<EndpointSlice> slices) {
        // a new list each time, of the same objects, as an informer's cache gives
        return new ClusterView(new ArrayList<>(ingresses), List.of(), new ArrayList<>(services), new ArrayList<>(slices),
                List.of(), List.of(), List.of());
    }

    private static Ingress routeTo(String name, String namespace, String service) {
        return new IngressBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withCreationTimestamp("2026-02-01T00:00:00Z").endMetadata()
                .withNewSpec().withIngressClassName("gatehouse").addNewRule().withHost(name + ".example.com").withNewHttp()
                .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName(service)
                .withNewPort().withName("http").endPort().endService().endBackend().endPath()
                .endHttp().endRule().endSpec().build();
    }

    private static <T extends HasMetadata> T versioned(T object, String resourceVersion) {
        object.getMetadata().setUid(object.getKind() + "-" + object.getMetadata().getNamespace() + "-" + object.getMetadata().getName());
        object.getMetadata().setResourceVersion(resourceVersion);
        return object;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
