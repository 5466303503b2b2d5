package dev.gatehouse.bench;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.controller.runtime.Gatehouse;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How fast a new HTTPRoute is live at the proxy with {@code -Droutes} (5,000) HTTPRoutes present, in one JVM: fabric8's
 * mock API server in CRUD mode serving the Gateway API CRDs, one GatewayClass of Gatehouse's, one Gateway (an HTTP
 * listener on port 80 taking routes of every namespace), the HTTPRoutes (one hostname each) and their Services and
 * EndpointSlices pointing at one in-process upstream, and Gatehouse in cluster mode watching it with the command line's
 * default debounce. While a client loops over existing routes and counts every answer that is not 200, it creates
 * {@code -Dchanges} (50) HTTPRoutes one at a time and times each from just before the API write to the first 200 of
 * its hostname at the proxy (p50, p95, max). Exits 1 when the looping client saw any failure.
 */
public final class GatewayScaleBenchmark {

    private static final String GROUP = "gateway.networking.k8s.io";

    private GatewayScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        int routes = Integer.getInteger("routes", 5000);
        int changes = Integer.getInteger("changes", 50);
        int services = Math.max(1, routes / 2);
        HttpServer upstream = PropagationBenchmark.upstream();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try (KubernetesClient admin = PropagationBenchmark.client(api.getPort())) {
            long start = System.nanoTime();
            for (String[] kind : new String[][] {{"GatewayClass", "gatewayclasses", "Cluster"}, {"Gateway", "gateways", "Namespaced"},
                    {"HTTPRoute", "httproutes", "Namespaced"}}) {
                admin.apiextensions().v1().customResourceDefinitions().resource(crd(kind[0], kind[1], kind[2])).create();
            }
            admin.resource(new GatewayClassBuilder().withNewMetadata().withName("gatehouse").endMetadata()
                    .withNewSpec().withControllerName("gatehouse.dev/gateway-controller").endSpec().build()).create();
            admin.resource(new GatewayBuilder().withNewMetadata().withName("bench").withNamespace("default").endMetadata()
                    .withNewSpec().withGatewayClassName("gatehouse").addNewListener().withName("http").withProtocol("HTTP")
                    .withPort(80).withNewAllowedRoutes().withNewNamespaces().withFrom("All").endNamespaces().endAllowedRoutes()
                    .endListener().endSpec().build()).create();
            PropagationBenchmark.parallel(writers, services, s -> {
                admin.resource(ScaleBenchmark.service(s)).create();
                admin.resource(PropagationBenchmark.slice(s, upstream.getAddress().getPort())).create();
            });
            PropagationBenchmark.parallel(writers, routes, r -> admin.resource(route("r" + r, r % services)).create());
            System.out.printf("API server: %,d HTTPRoutes, %,d Services and EndpointSlices created in %.1f s%n",
                    routes, services, (System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            try (Gatehouse gatehouse = PropagationBenchmark.gatehouse(api.getPort())) {
                while (!gatehouse.proxy().ready()) {
                    Thread.onSpinWait();
                }
                ProxyProbe probe = new ProxyProbe(gatehouse.proxy().httpAddress().getPort(),
                        gatehouse.proxy().adminAddress().getPort());
                probe.awaitLive("r" + (routes - 1) + ".example.com");
                System.out.printf("Gatehouse ready and the last HTTPRoute live in %.1f s%n", (System.nanoTime() - start) / 1e9);
                LoopingClient loop = LoopingClient.start(probe, routes, r -> new String[] {"r" + r + ".example.com", "/loop"});
                probe.awaitNoRebuildFor(PropagationBenchmark.maxHoldOff());

                double[] millis = new double[changes];
                for (int c = 0; c < changes; c++) {
                    // pacing, part of the measurement: each change comes alone after a quiet spell, as a user's edit does
                    Thread.sleep(300);
                    HTTPRoute added = route("change" + c, c % services);
                    long written = System.nanoTime();
                    admin.resource(added).create();
                    probe.awaitLive("change" + c + ".example.com");
                    millis[c] = (System.nanoTime() - written) / 1e6;
                    System.out.printf("%s change %d: live after %.1f ms%n", java.time.Instant.now(), c, millis[c]);
                }
                Arrays.sort(millis);
                System.out.printf("one new HTTPRoute live at the proxy beside %,d, %d changes: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                        routes, changes, PropagationBenchmark.percentile(millis, 50), PropagationBenchmark.percentile(millis, 95),
                        millis[millis.length - 1]);
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

    /** An HTTPRoute for {@code name}.example.com to Service {@code svcN}, in that Service's namespace. */
    private static HTTPRoute route(String name, int service) {
        return new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(ScaleBenchmark.namespaceOf(service)).endMetadata()
                .withNewSpec().addNewParentRef().withName("bench").withNamespace("default").endParentRef()
                .withHostnames(name + ".example.com")
                .addNewRule().addNewBackendRef().withName("svc" + service).withPort(80).endBackendRef().endRule()
                .endSpec().build();
    }

    /** The CRD of a Gateway API v1 kind, as the Gateway API's install manifests define it (without their schema). */
    private static CustomResourceDefinition crd(String kind, String plural, String scope) {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + "." + GROUP).endMetadata()
                .withNewSpec().withGroup(GROUP).withScope(scope)
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }
}
