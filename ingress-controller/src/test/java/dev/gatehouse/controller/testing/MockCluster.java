package dev.gatehouse.controller.testing;

import dev.gatehouse.controller.kube.Leadership;
import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.runtime.ClusterGatehouse;
import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.LoadBalancerSetup;
import dev.gatehouse.controller.runtime.ClusterSettings;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
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
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode on loopback, standing in for a cluster: objects created through
 * {@link #admin()} are listed and watched by Gatehouse's informers like on a real API server. The state
 * lives in the dispatcher, so {@link #stop()} and {@link #restart()} take the API server away and bring it
 * back, with its objects, on the same port.
 */
public final class MockCluster implements AutoCloseable {

    public static final Leadership.Timing FAST_ELECTION =
            new Leadership.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200));

    private static final String GATEHOUSE_AGENT = "gatehouse-under-test";

    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String target = request.getPath();
            if (refused.stream().anyMatch(target::contains)) {
                return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,\"message\":\"refused by the test\"}");
            }
            return super.dispatch(request);
        }
    };
    private final int port;
    private KubernetesMockServer server;
    private final KubernetesClient admin;

    private MockCluster() {
        this.server = newServer();
        server.init(InetAddress.getLoopbackAddress(), 0);
        this.port = server.getPort();
        this.admin = newClient("test-admin");
    }

    public static MockCluster start() {
        return new MockCluster();
    }

    private KubernetesMockServer newServer() {
        return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    }

    /** A client of its own, reconnecting quickly, as a Gatehouse replica would have. */
    public KubernetesClient newClient() {
        return newClient(GATEHOUSE_AGENT);
    }

    private KubernetesClient newClient(String userAgent) {
        Config config = new ConfigBuilder(Config.empty())
                .withUserAgent(userAgent)
                .withMasterUrl("http://127.0.0.1:" + port)
                .withNamespace("default")
                .withWatchReconnectInterval(100)
                .withConnectionTimeout(2_000)
                .withRequestTimeout(5_000)
                .withRequestRetryBackoffLimit(1)
                .withRequestRetryBackoffInterval(100)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Where the API server answers, for a kubeconfig. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The test's own client, for creating and changing objects. */
    public KubernetesClient admin() {
        return admin;
    }

    /** Gatehouse against this cluster, on free loopback ports, electing through the Lease gatehouse-leader. */
    public Gatehouse gatehouse(String identity, List<String> publishAddresses) {
        return gatehouse(identity, null, publishAddresses, Set.of());
    }

    public Gatehouse gatehouse(String identity, String publishService, List<String> publishAddresses, Set<String> namespaces) {
        return ClusterGatehouse.watching(newClient(),
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(0).adminPort(0).eventLoopThreads(1)
                        .upstreamReadTimeout(Duration.ofSeconds(10)).build(),
                new ClusterSettings(TranslatorSettings.defaults(), namespaces, Optional.ofNullable(publishService),
                        publishAddresses, "default", "gatehouse-leader", identity, FAST_ELECTION, Duration.ofMillis(50),
                        Duration.ofMillis(500))).start();
    }

    /** Gatehouse with these translator settings (marathon-lb group, TCP services ConfigMap, ...). */
    public Gatehouse gatehouse(String identity, TranslatorSettings translator) {
        return ClusterGatehouse.watching(newClient(),
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(0).adminPort(0).eventLoopThreads(1)
                        .upstreamReadTimeout(Duration.ofSeconds(10)).build(),
                new ClusterSettings(translator, Set.of(), Optional.empty(), List.of(), "default",
                        "gatehouse-leader", identity, FAST_ELECTION, Duration.ofMillis(50), Duration.ofMillis(500))).start();
    }

    /** Gatehouse ordering certificates by ACME, its HTTP listener on {@code httpPort} (0 for a free one). */
    public Gatehouse gatehouse(String identity, int httpPort, AcmeSettings acme) {
        return ClusterGatehouse.watching(newClient(),
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(httpPort).httpsPort(0).adminPort(0).eventLoopThreads(1)
                        .upstreamReadTimeout(Duration.ofSeconds(10)).build(),
                new ClusterSettings(TranslatorSettings.defaults(), Set.of(), Optional.empty(), List.of(), "default",
                        "gatehouse-leader", identity, FAST_ELECTION, Duration.ofMillis(50), Duration.ofMillis(500)))
                .acme(acme).start();
    }

    /** Gatehouse publishing DNS records through {@code dns}, writing {@code publishAddresses} into Ingress status. */
    public Gatehouse gatehouse(String identity, List<String> publishAddresses, DnsSetup dns) {
        return ClusterGatehouse.watching(newClient(),
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(0).adminPort(0).eventLoopThreads(1)
                        .upstreamReadTimeout(Duration.ofSeconds(10)).build(),
                new ClusterSettings(TranslatorSettings.defaults(), Set.of(), Optional.empty(), publishAddresses, "default",
                        "gatehouse-leader", identity, FAST_ELECTION, Duration.ofMillis(50), Duration.ofMillis(500)))
                .dns(dns).start();
    }

    /** Gatehouse keeping load balancers for LoadBalancer Services through {@code loadBalancers}. */
    public Gatehouse gatehouse(String identity, LoadBalancerSetup loadBalancers) {
        return ClusterGatehouse.watching(newClient(),
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(0).adminPort(0).eventLoopThreads(1)
                        .upstreamReadTimeout(Duration.ofSeconds(10)).build(),
                new ClusterSettings(TranslatorSettings.defaults(), Set.of(), Optional.empty(), List.of(), "default",
                        "gatehouse-leader", identity, FAST_ELECTION, Duration.ofMillis(50), Duration.ofMillis(500)))
                .loadBalancers(loadBalancers).start();
    }

    /**
     * The RBAC grants (see {@link ApiCalls}) of every request Gatehouse's clients made since the server
     * (re)started, leaving out the test's own.
     */
    public Set<String> callsByGatehouse() throws InterruptedException {
        Set<String> calls = new java.util.TreeSet<>();
        for (RecordedRequest request : takeRequests()) {
            ApiCalls.of(request.getMethod(), request.getPath()).ifPresent(calls::add);
        }
        return calls;
    }

    /** The request targets (path and query) of Gatehouse's clients since the server (re)started. */
    public List<String> requestsByGatehouse() throws InterruptedException {
        return takeRequests().stream().map(RecordedRequest::getPath).toList();
    }

    private List<RecordedRequest> takeRequests() throws InterruptedException {
        List<RecordedRequest> requests = new java.util.ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (GATEHOUSE_AGENT.equals(request.getHeader("User-Agent"))) {
                requests.add(request);
            }
        }
        return requests;
    }

    /**
     * Answers 403 Forbidden, as RBAC would, to every request whose target (path and query, as
     * {@link #requestsByGatehouse()} shows them) contains {@code fragment}, from now on.
     */
    public void refuse(String fragment) {
        refused.add(fragment);
    }

    /** Takes the API server away: connections are refused until {@link #restart()}. */
    public void stop() {
        server.destroy();
    }

    /** Brings the API server back on the same port, with every object it held. */
    public void restart() {
        server = newServer();
        server.init(InetAddress.getLoopbackAddress(), port);
    }

    /** A Service with one port, 8080, named http. */
    public static Service service(String namespace, String name) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(8080).endPort().endSpec()
                .build();
    }

    /** The EndpointSlice of a Service: one ready endpoint on loopback at {@code port}. */
    public static EndpointSlice slice(String namespace, String service, int port) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(service + "-slice")
                .addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions().endEndpoint()
                .build();
    }

    /** An Ingress of our class sending {@code host}{@code path} (Prefix) to port http of {@code service}. */
    public static Ingress ingress(String namespace, String name, String host, String path, String service) {
        return new IngressBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name)
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withNewSpec().withIngressClassName("gatehouse")
                .addNewRule().withHost(host).withNewHttp()
                .addNewPath().withPath(path).withPathType("Prefix")
                .withNewBackend().withNewService().withName(service).withNewPort().withName("http").endPort().endService().endBackend()
                .endPath().endHttp().endRule().endSpec()
                .build();
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }
}
