package dev.gatehouse.bench;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.controller.kube.Leadership;
import dev.gatehouse.controller.runtime.ClusterGatehouse;
import dev.gatehouse.controller.runtime.ClusterSettings;
import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * How fast an API write is live at the proxy, in one JVM: fabric8's mock API server in CRUD mode holding
 * {@code -Dingresses} (10,000) Ingresses (those of {@link ScaleBenchmark}, their Services and EndpointSlices pointing at one
 * in-process upstream), and Gatehouse in cluster mode watching it with the command line's default debounce. While a
 * client loops over existing routes and counts every answer that is not 200, it creates {@code -Dchanges} (50) new
 * Ingresses one at a time and times each from just before the API write to the first 200 of its host at the proxy;
 * then it creates {@code -Dburst} (1,000) Ingresses as fast as 8 writers can and counts the rebuilds until the last is live.
 * Exits 1 when the looping client saw any failure.
 */
public final class PropagationBenchmark {

    // the mock API server logs every request it answers; held here, as java.util.logging keeps loggers weakly
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private PropagationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        int ingresses = Integer.getInteger("ingresses", ScaleBenchmark.INGRESSES);
        int changes = Integer.getInteger("changes", 50);
        int burst = Integer.getInteger("burst", 1000);
        int services = Math.max(1, ingresses / 2);
        HttpServer upstream = upstream();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try (KubernetesClient admin = client(api.getPort())) {
            long start = System.nanoTime();
            parallel(writers, services, s -> {
                admin.resource(ScaleBenchmark.service(s)).create();
                admin.resource(slice(s, upstream.getAddress().getPort())).create();
            });
            parallel(writers, ingresses, i -> admin.resource(fresh(ScaleBenchmark.ingress(i, null))).create());
            System.out.printf("API server: %,d Ingresses, %,d Services and EndpointSlices created in %.1f s%n",
                    ingresses, services, (System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            try (Gatehouse gatehouse = gatehouse(api.getPort())) {
                while (!gatehouse.proxy().ready()) {
                    Thread.onSpinWait();
                }
                System.out.printf("Gatehouse ready (every informer synced, first snapshot live) in %.1f s%n",
                        (System.nanoTime() - start) / 1e9);
                ProxyProbe probe = new ProxyProbe(gatehouse.proxy().httpAddress().getPort(),
                        gatehouse.proxy().adminAddress().getPort());
                LoopingClient loop = LoopingClient.start(probe, ingresses, ingress -> {
                    int host = ingress / 2;
                    return new String[] {host % 10 == 0 ? "x.w" + host + ".example.com" : "h" + host + ".example.com",
                            "/ing" + ingress + "/p1/loop"};
                });
                // the informers' initial sync was a storm of events: the debounce's gap settles back first
                probe.awaitNoRebuildFor(maxHoldOff());

                double[] millis = new double[changes];
                for (int c = 0; c < changes; c++) {
                    // pacing, part of the measurement: each change comes alone after a quiet spell, as a user's edit does,
                    // so it times one change through the debouncer's leading edge rather than one folded into another
                    Thread.sleep(300);
                    Ingress added = fresh(routeTo("change" + c, ScaleBenchmark.namespaceOf(c % services), "svc" + (c % services)));
                    long written = System.nanoTime();
                    admin.resource(added).create();
                    double acknowledged = (System.nanoTime() - written) / 1e6;
                    probe.awaitLive("change" + c + ".example.com");
                    millis[c] = (System.nanoTime() - written) / 1e6;
                    System.out.printf("%s change %d: the API server acknowledged after %.1f ms, live after %.1f ms%n",
                            java.time.Instant.now(), c, acknowledged, millis[c]);
                }
                Arrays.sort(millis);
                System.out.printf("one new Ingress live at the proxy, %d changes: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                        changes, percentile(millis, 50), percentile(millis, 95), millis[millis.length - 1]);

                probe.awaitNoRebuildFor(maxHoldOff());
                long rebuildsBefore = probe.rebuilds();
                start = System.nanoTime();
                parallel(writers, burst, b -> admin.resource(fresh(routeTo("burst" + b, ScaleBenchmark.namespaceOf(b % services),
                        "svc" + (b % services)))).create());
                double written = (System.nanoTime() - start) / 1e9;
                for (int b = 0; b < burst; b++) {
                    probe.awaitLive("burst" + b + ".example.com");
                }
                double live = (System.nanoTime() - start) / 1e9;
                // a rebuild may still run after the last host answered (one more was folded in): count it too
                probe.awaitNoRebuildFor(maxHoldOff());
                System.out.printf("burst of %,d new Ingresses: written in %.1f s, all live after %.1f s, %d rebuilds%n",
                        burst, written, live, probe.rebuilds() - rebuildsBefore);

                if (loop.stopAndReport()) {
                    System.out.println("FAIL: the looping client saw failures");
                    System.exit(1);
                }
            }
        } finally {
            writers.shutdownNow();
            api.destroy();
            upstream.stop(0);
        }
        System.exit(0);
    }

    /** The longest gap the debouncer leaves between rebuilds: no rebuild for that long means none is pending. */
    static Duration maxHoldOff() {
        return Duration.ofMillis(Long.getLong("maxHoldOffMillis", 1000));
    }

    static Gatehouse gatehouse(int apiPort) {
        // the command line's defaults, --debounce-hold-off and --debounce-max-hold-off
        Duration holdOff = Duration.ofMillis(Long.getLong("holdOffMillis", 100));
        Duration maxHoldOff = maxHoldOff();
        return ClusterGatehouse.watching(client(apiPort),
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(0).adminPort(0).eventLoopThreads(1).build(),
                new ClusterSettings(TranslatorSettings.defaults(), Set.of(), Optional.empty(), List.of(), "default", "gatehouse-leader",
                        "bench", new Leadership.Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)),
                        holdOff, maxHoldOff)).start();
    }

    static KubernetesClient client(int port) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).withNamespace("default")
                .withRequestTimeout(30_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** An object as a user writes it: the API server sets the resource version and the creation time. */
    private static Ingress fresh(Ingress ingress) {
        return new IngressBuilder(ingress).editMetadata().withResourceVersion(null).withCreationTimestamp(null).endMetadata().build();
    }

    private static Ingress routeTo(String name, String namespace, String service) {
        return new IngressBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withIngressClassName("gatehouse").addNewRule().withHost(name + ".example.com").withNewHttp()
                .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName(service)
                .withNewPort().withName("http").endPort().endService().endBackend().endPath()
                .endHttp().endRule().endSpec().build();
    }

    static EndpointSlice slice(int s, int port) {
        return new EndpointSliceBuilder(ScaleBenchmark.slice(s, 0)).withEndpoints().addNewEndpoint().withAddresses("127.0.0.1")
                .withNewConditions().withReady(true).endConditions().endEndpoint()
                .editFirstPort().withPort(port).endPort().build();
    }

    static HttpServer upstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    static void parallel(ExecutorService writers, int count, IntConsumer write) {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        int slices = 8;
        for (int w = 0; w < slices; w++) {
            int first = w;
            done.add(writers.submit(() -> IntStream.iterate(first, i -> i < count, i -> i + slices).forEach(write)));
        }
        for (java.util.concurrent.Future<?> future : done) {
            try {
                future.get();
            } catch (Exception e) {
                throw new IllegalStateException("an API write failed", e);
            }
        }
    }

    static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
