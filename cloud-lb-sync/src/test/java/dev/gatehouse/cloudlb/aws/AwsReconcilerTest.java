package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeElbv2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.cloudlb.testing.MockKube;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole load-balancer sync for AWS: Services and Nodes in fabric8's mock API server (CRUD mode), the
 * reconciler, the real AWS SDK clients and a stateful fake of ELBv2, ELB and EC2. Each scenario checks
 * the cloud calls made and the Service's status.
 */
class AwsReconcilerTest {

    private final MockKube mock = new MockKube();
    private final KubernetesClient kube = mock.client();
    private FakeAws aws;
    private AwsProviders providers;
    private LoadBalancerReconciler controller;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        kube.resource(MockKube.node("node-a", "i-0a", "10.0.1.1")).create();
        kube.resource(MockKube.node("node-b", "i-0b", "10.0.1.2")).create();
        controller = new LoadBalancerReconciler(kube, providers.provider(), List.of(providers.targetGroupBinding()),
                new LbSettings(Requests.CLUSTER, true, Duration.ofMillis(500), Duration.ofMillis(20),
                        n -> Duration.ofMillis(50), false, List.of("arn:aws:elasticloadbalancing:")),
                () -> true, Clock.systemUTC(), new PrometheusRegistry()).start();
    }

    @AfterEach
    void stop() {
        controller.close();
        providers.close();
        aws.close();
        mock.close();
    }

    @Test
    void a_service_gets_a_network_load_balancer_on_its_ready_nodes_and_its_hostname_in_the_status() {
        kube.resource(service("web")).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(mock.statusAddresses("web")).isNotEmpty().isEqualTo(nlbHostnames()));
        assertThat(mock.service("web").getMetadata().getFinalizers()).containsExactly(LoadBalancerReconciler.FINALIZER, LoadBalancerReconciler.OWN_FINALIZER);
        assertThat(aws.writeActions()).contains("CreateLoadBalancer", "CreateTargetGroup", "RegisterTargets",
                "CreateListener");
        assertThat(targets()).containsExactly("i-0a:30080", "i-0b:30080");
    }

    @Test
    void nodes_joining_leaving_and_turning_unready_change_only_the_targets_and_resyncs_write_nothing() {
        kube.resource(service("web")).create();
        // the status is written after the whole first ensure, whose listener comes after the targets
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.statusAddresses("web")).isNotEmpty());
        assertThat(targets()).hasSize(2);
        aws.clearCalls();

        kube.resource(MockKube.node("node-c", "i-0c", "10.0.1.3")).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(targets()).containsExactly("i-0a:30080", "i-0b:30080", "i-0c:30080"));
        assertThat(aws.writeActions()).containsOnly("RegisterTargets");

        aws.clearCalls();
        mock.notReady("node-a");
        kube.nodes().withName("node-b").delete();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(targets()).containsExactly("i-0c:30080"));
        assertThat(aws.writeActions()).containsOnly("DeregisterTargets");

        aws.clearCalls();
        await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5))
                .until(() -> aws.calls().stream().anyMatch(c -> c.action().equals("DescribeLoadBalancers")));
        assertThat(aws.writes()).as("resyncs with nothing changed").isEmpty();
    }

    @Test
    void external_traffic_policy_local_registers_the_nodes_with_endpoints_and_checks_healthz() {
        kube.resource(new ServiceBuilder(service("web")).editSpec().withExternalTrafficPolicy("Local")
                .withHealthCheckNodePort(32000).endSpec().build()).create();
        kube.resource(new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName("web-1")
                .withLabels(Map.of("kubernetes.io/service-name", "web")).endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.1.0.5").withNodeName("node-b").withNewConditions().withReady(true)
                .endConditions().endEndpoint().build()).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(targets()).containsExactly("i-0b:30080"));
        assertThat(aws.writes("CreateTargetGroup").get(0).params()).containsEntry("HealthCheckProtocol", "HTTP")
                .containsEntry("HealthCheckPort", "32000").containsEntry("HealthCheckPath", "/healthz");
    }

    @Test
    void a_listener_deleted_out_of_band_is_recreated_at_the_next_resync() {
        kube.resource(service("web")).create();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.statusAddresses("web")).hasSize(1));
        aws.clearCalls();

        aws.elbv2.removeListener(aws.elbv2.listeners(nlb().arn).get(0).arn);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(aws.elbv2.listeners(nlb().arn)).hasSize(1));
        assertThat(aws.writeActions()).containsExactly("CreateListener");
    }

    @Test
    void throttling_is_retried_until_the_load_balancer_is_made() {
        aws.failNext("CreateLoadBalancer", 6, 400, "Throttling", "Rate exceeded");

        kube.resource(service("web")).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(mock.statusAddresses("web")).isNotEmpty().isEqualTo(nlbHostnames()));
        assertThat(aws.attempts("CreateLoadBalancer")).as("six throttled, then one that made it").hasSize(7);
        assertThat(aws.writes("CreateLoadBalancer")).hasSize(1);
    }

    @Test
    void a_failure_retried_several_times_is_one_warning_event_and_its_end_one_recovered_event() {
        // each attempt's answer carries a new request id: the same failure all the same
        aws.failNext("CreateLoadBalancer", 4, 400, "AccessDenied", "not allowed to create load balancers");

        kube.resource(service("web")).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.statusAddresses("web")).hasSize(1));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(mock.events("web", "SyncLoadBalancerRecovered")).hasSize(1));
        assertThat(aws.attempts("CreateLoadBalancer")).as("four refused, then one that made it").hasSize(5);
        assertThat(mock.events("web", "SyncLoadBalancerFailed")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
                .extracting(e -> e.getMessage()).asString().contains("AccessDenied: not allowed to create load balancers");
        assertThat(mock.events("web", "SyncLoadBalancerRecovered").get(0).getType()).isEqualTo("Normal");
    }

    @Test
    void a_deleted_service_is_held_by_its_finalizers_while_its_load_balancer_cannot_be_deleted() {
        kube.resource(service("web")).create();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.statusAddresses("web")).hasSize(1));
        aws.failNext("DeleteLoadBalancer", 1_000, 400, "AccessDenied", "not allowed");

        kube.services().inNamespace("default").withName("web").delete();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(mock.events("web", "SyncLoadBalancerFailed")).isNotEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            Service held = mock.service("web");
            assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(held.getMetadata().getFinalizers())
                    .containsExactly(LoadBalancerReconciler.FINALIZER, LoadBalancerReconciler.OWN_FINALIZER);
        });
        assertThat(aws.attempts("DeleteLoadBalancer")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void a_deleted_service_keeps_its_finalizers_until_its_load_balancer_is_gone() {
        kube.resource(service("web")).create();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.statusAddresses("web")).hasSize(1));

        kube.services().inNamespace("default").withName("web").delete();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.service("web")).isNull());
        assertThat(aws.elbv2.loadBalancers()).isEmpty();
        assertThat(aws.writeActions()).contains("DeleteLoadBalancer", "DeleteTargetGroup");
    }

    @Test
    void a_node_port_service_bound_to_a_console_target_group_registers_and_deregisters_only_its_nodes() {
        FakeElbv2.TargetGroup console = aws.elbv2.addTargetGroup("made-by-hand", "instance", "vpc-1", "i-0legacy:8080");
        kube.resource(new ServiceBuilder(service("web")).editMetadata()
                .withAnnotations(Map.of("gatehouse.dev/aws-target-group-arn", console.arn)).endMetadata()
                .editSpec().withType("NodePort").endSpec().build()).create();

        // the binding record is written after the registration: wait for both
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(console.active()).containsExactly("i-0a:30080", "i-0b:30080", "i-0legacy:8080");
            assertThat(bindingRecords()).containsEntry(mock.service("web").getMetadata().getUid(),
                    "gatehouse.dev/aws-target-group-arn=" + console.arn + "\ni-0a:30080,i-0b:30080");
        });
        assertThat(aws.writeActions()).containsOnly("RegisterTargets");

        kube.services().inNamespace("default").withName("web").edit(s -> {
            s.getMetadata().getAnnotations().remove("gatehouse.dev/aws-target-group-arn");
            return s;
        });

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(console.active()).containsExactly("i-0legacy:8080");
            assertThat(mock.service("web").getMetadata().getFinalizers()).isNullOrEmpty();
            assertThat(bindingRecords()).isEmpty();
        });
        assertThat(aws.elbv2.loadBalancers()).isEmpty();
    }

    @Test
    void a_binding_to_a_target_outside_the_allowed_prefixes_is_refused_and_registers_nothing() {
        FakeElbv2.TargetGroup console = aws.elbv2.addTargetGroup("made-by-hand", "instance", "vpc-1");
        kube.resource(new ServiceBuilder(service("web")).editMetadata()
                .withAnnotations(Map.of("gatehouse.dev/aws-target-group-arn", "not-an-arn/" + console.arn)).endMetadata()
                .editSpec().withType("NodePort").endSpec().build()).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mock.events("web", "BindingNotAllowed"))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("not among the targets Services may "
                        + "be bound to (expected a target starting with one of --lb-bind-allow [arn:aws:elasticloadbalancing:])")));
        assertThat(aws.writes()).isEmpty();
    }

    private Map<String, String> bindingRecords() {
        var map = kube.configMaps().inNamespace("default").withName("gatehouse-lb-bindings").get();
        return map == null || map.getData() == null ? Map.of() : map.getData();
    }

    private List<String> nlbHostnames() {
        return aws.elbv2.loadBalancers().stream().map(lb -> lb.dnsName).toList();
    }

    private FakeElbv2.LoadBalancer nlb() {
        return aws.elbv2.loadBalancers().get(0);
    }

    private List<String> targets() {
        return aws.elbv2.targetGroups().stream().filter(g -> g.name.startsWith("gh-"))
                .flatMap(g -> g.active().stream()).sorted().toList();
    }

    private static Service service(String name) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withUid("6f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b").endMetadata()
                .withNewSpec().withType("LoadBalancer")
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080).endPort()
                .endSpec().build();
    }
}
