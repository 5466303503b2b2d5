package dev.gatehouse.cloudlb.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/** fabric8's mock API server in CRUD mode on loopback, with the objects the load-balancer tests need. */
public final class MockKube implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public MockKube() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getPort()).withNamespace("default")
                .withWatchReconnectInterval(100).withRequestTimeout(5_000).build()).build();
    }

    public KubernetesClient client() {
        return client;
    }

    /** A ready, schedulable node with an InternalIP and, when {@code instanceId} is given, an AWS provider id. */
    public static Node node(String name, String instanceId, String ip) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withProviderID(instanceId == null ? null : "aws:///eu-west-1a/" + instanceId).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus()
                .build();
    }

    public Service service(String name) {
        return client.services().inNamespace("default").withName(name).get();
    }

    public List<String> statusAddresses(String name) {
        Service service = service(name);
        if (service == null || service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return service.getStatus().getLoadBalancer().getIngress().stream()
                .flatMap(i -> Stream.of(i.getIp(), i.getHostname())).filter(a -> a != null).toList();
    }

    public List<Event> events(String service, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> service.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    /** Marks a node NotReady, as the node lifecycle controller would. */
    public void notReady(String node) {
        client.nodes().withName(node).editStatus(n -> {
            n.getStatus().getConditions().get(0).setStatus("False");
            return n;
        });
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

}
