package dev.gatehouse.bench;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.Router;
import dev.gatehouse.routing.RoutingSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gatehouse at scale, in one JVM: 10,000 Ingresses (30,000 paths over 5,000 hosts, one in ten a
 * wildcard), 5,000 Services and 20,000 endpoints, built as the informer caches would hold them. It
 * prints the time of the first translation (a cold JVM, as at start-up), of a rebuild after one
 * EndpointSlice and after one Ingress changed (warm, median of 21), the heap retained with the view and
 * the live snapshot after a full GC, and the route lookup time per request for an exact host, a wildcard
 * host and a miss. With {@code -Dannotated=true} every Ingress carries six common annotations (timeouts, body size,
 * CORS, a rate limit, an allow list), as Ingresses in use do.
 *
 * <p>A rebuild reads again only what changed: the translator keeps each Ingress's own part while the Ingress (by uid and
 * resourceVersion, as here) and what it names stay the same, and decides what depends on other Ingresses (conflicts,
 * clusters, TLS, canaries) from all the parts again; the snapshot is then compiled whole. So a rebuild's time is that
 * pass and the snapshot compiler's over all 10,000 Ingresses, and the reading of the one that changed.
 */
public final class ScaleBenchmark {

    static final int INGRESSES = 10_000;
    static final int HOSTS = 5_000;
    static final int SERVICES = 5_000;
    static final int ENDPOINTS_PER_SERVICE = 4;
    static final int PATHS_PER_INGRESS = 3;
    private static final String CREATED = Instant.parse("2026-01-01T00:00:00Z").toString();

    private ScaleBenchmark() {
    }

    public static void main(String[] args) {
        boolean annotated = Boolean.getBoolean("annotated");
        List<Ingress> ingresses = new ArrayList<>();
        for (int i = 0; i < INGRESSES; i++) {
            ingresses.add(informed(ingress(i, "v1"), annotated));
        }
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            services.add(versioned(service(s), "1"));
            slices.add(versioned(slice(s, 0), "1"));
        }
        ClusterView view = new ClusterView(ingresses, List.of(), services, slices, List.of(), List.of(), List.of());
        IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

        long start = System.nanoTime();
        Translation first = translator.translate(view);
        double firstMs = (System.nanoTime() - start) / 1e6;
        RoutingSnapshot snapshot = first.snapshot();
        System.out.printf("objects: %,d Ingresses%s, %,d paths, %,d hosts (%,d wildcard), %,d Services, %,d endpoints%n",
                INGRESSES, annotated ? " (six annotations each)" : "", INGRESSES * PATHS_PER_INGRESS, HOSTS, HOSTS / 10, SERVICES,
                SERVICES * ENDPOINTS_PER_SERVICE);
        System.out.printf("snapshot: %,d virtual hosts, %,d routes, %,d clusters, %d warnings%n",
                snapshot.virtualHosts().size(), snapshot.virtualHosts().stream().mapToInt(h -> h.routes().size()).sum(),
                snapshot.clusters().size(), first.warnings().size());
        System.out.printf("first snapshot (cold JVM):        %8.1f ms%n", firstMs);

        for (int i = 0; i < 10; i++) {
            translator.translate(view);
        }
        double[] endpointChange = new double[21];
        double[] ingressChange = new double[21];
        for (int round = 0; round < endpointChange.length; round++) {
            List<EndpointSlice> changedSlices = new ArrayList<>(slices);
            changedSlices.set(round * 97 % SERVICES, versioned(slice(round * 97 % SERVICES, round + 1), Integer.toString(round + 2)));
            ClusterView afterEndpoint = new ClusterView(ingresses, List.of(), services, changedSlices, List.of(), List.of(), List.of());
            start = System.nanoTime();
            snapshot = translator.translate(afterEndpoint).snapshot();
            endpointChange[round] = (System.nanoTime() - start) / 1e6;

            List<Ingress> changedIngresses = new ArrayList<>(ingresses);
            changedIngresses.set(round * 131 % INGRESSES, informed(ingress(round * 131 % INGRESSES, "v" + (round + 2)), annotated));
            ClusterView afterIngress = new ClusterView(changedIngresses, List.of(), services, slices, List.of(), List.of(), List.of());
            start = System.nanoTime();
            snapshot = translator.translate(afterIngress).snapshot();
            ingressChange[round] = (System.nanoTime() - start) / 1e6;
        }
        System.out.printf("rebuild after one endpoint change: %8.1f ms (median of %d; min %.1f, max %.1f)%n",
                median(endpointChange), endpointChange.length, min(endpointChange), max(endpointChange));
        System.out.printf("rebuild after one Ingress change:  %8.1f ms (median of %d; min %.1f, max %.1f)%n",
                median(ingressChange), ingressChange.length, min(ingressChange), max(ingressChange));

        RoutingSnapshot live = translator.translate(view).snapshot();
        long withView = retainedHeap();
        System.out.printf("heap after GC, view + live snapshot: %6.1f MB%n", withView / 1048576.0);
        view = null;
        ingresses = null;
        services = null;
        slices = null;
        snapshot = null;
        first = null;
        long snapshotOnly = retainedHeap();
        System.out.printf("heap after GC, live snapshot only:   %6.1f MB%n", snapshotOnly / 1048576.0);

        Router router = live.router();
        System.out.printf("lookup, exact host:    %6.0f ns/op%n", lookup(router, i -> "h" + (i * 7 % HOSTS | 1) + ".example.com",
                i -> "/ing" + ((i * 7 % HOSTS | 1) * 2) + "/p1/item?id=" + i, "exact"));
        System.out.printf("lookup, wildcard host: %6.0f ns/op%n", lookup(router, i -> "app" + i + ".w" + (i * 10 % HOSTS) + ".example.com",
                i -> "/ing" + ((i * 10 % HOSTS) * 2) + "/p2/x", "wildcard"));
        System.out.printf("lookup, miss:          %6.0f ns/op%n", lookup(router, i -> "nowhere" + i + ".example.org",
                i -> "/missing/" + i, null));
    }

    /** The Ingress as an informer holds it, with a uid, and with the common annotations when asked. */
    private static Ingress informed(Ingress ingress, boolean annotated) {
        versioned(ingress, ingress.getMetadata().getResourceVersion());
        if (annotated) {
            String prefix = "nginx.ingress.kubernetes.io/";
            ingress.getMetadata().setAnnotations(Map.of(prefix + "proxy-body-size", "8m", prefix + "proxy-read-timeout", "120",
                    prefix + "proxy-connect-timeout", "5", prefix + "enable-cors", "true", prefix + "limit-rps", "50",
                    prefix + "whitelist-source-range", "10.0.0.0/8,192.168.0.0/16"));
        }
        return ingress;
    }

    /** The object as the API server versions it: a uid of its own and this resourceVersion. */
    private static <T extends HasMetadata> T versioned(T object, String resourceVersion) {
        object.getMetadata().setUid(object.getKind() + "-" + object.getMetadata().getNamespace() + "-" + object.getMetadata().getName());
        object.getMetadata().setResourceVersion(resourceVersion);
        return object;
    }

    /** Host i (0..4999): every tenth a wildcard. Ingress i goes to host i/2, Service i/2. */
    static Ingress ingress(int i, String version) {
        int host = i / 2;
        String hostName = host % 10 == 0 ? "*.w" + host + ".example.com" : "h" + host + ".example.com";
        List<HTTPIngressPath> paths = new ArrayList<>();
        for (int p = 0; p < PATHS_PER_INGRESS; p++) {
            paths.add(new HTTPIngressPathBuilder().withPath("/ing" + i + "/p" + p).withPathType(p == 0 ? "Exact" : "Prefix")
                    .withNewBackend().withNewService().withName("svc" + (i / 2)).withNewPort().withName("http").endPort()
                    .endService().endBackend().build());
        }
        return new IngressBuilder()
                .withNewMetadata().withNamespace(namespaceOf(i / 2)).withName("ing" + i).withCreationTimestamp(CREATED)
                .withResourceVersion(version).endMetadata()
                .withNewSpec().withIngressClassName("gatehouse").addNewRule().withHost(hostName).withNewHttp().withPaths(paths)
                .endHttp().endRule().endSpec()
                .build();
    }

    /** 50 namespaces; Service s and the two Ingresses that use it share one. */
    static String namespaceOf(int service) {
        return "ns" + service % 50;
    }

    static Service service(int s) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespaceOf(s)).withName("svc" + s).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build();
    }

    static EndpointSlice slice(int s, int generation) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(namespaceOf(s)).withName("svc" + s + "-abc")
                .addToLabels("kubernetes.io/service-name", "svc" + s).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080 + generation).endPort();
        for (int e = 0; e < ENDPOINTS_PER_SERVICE; e++) {
            slice.addNewEndpoint().withAddresses("10." + (s >> 8) + "." + (s & 255) + "." + (e + 1))
                    .withNewConditions().withReady(true).endConditions().endEndpoint();
        }
        return slice.build();
    }

    private static double lookup(Router router, java.util.function.IntFunction<String> host,
                                 java.util.function.IntFunction<String> path, String expect) {
        int n = 4096;
        String[] hosts = new String[n];
        String[] paths = new String[n];
        for (int i = 0; i < n; i++) {
            hosts[i] = host.apply(i);
            paths[i] = path.apply(i);
        }
        Route probe = router.find(hosts[1], paths[1]);
        if (expect != null && (probe == null || probe.action() == null)) {
            throw new IllegalStateException(expect + " lookup found no route for " + hosts[1] + paths[1]);
        }
        long sink = 0;
        for (int warm = 0; warm < 2_000_000; warm++) {
            sink += System.identityHashCode(router.find(hosts[warm & (n - 1)], paths[warm & (n - 1)]));
        }
        int iterations = 5_000_000;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += System.identityHashCode(router.find(hosts[i & (n - 1)], paths[i & (n - 1)]));
        }
        double nanos = (System.nanoTime() - start) / (double) iterations;
        if (sink == 42) {
            System.out.print("");
        }
        return nanos;
    }

    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
