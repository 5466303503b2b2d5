package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerPlanTable;
import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerPlans;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.cloudlb.testing.MockKube;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse lb plan}'s core: Services and Nodes in fabric8's mock API server (CRUD mode), the real AWS SDK
 * clients against the fake AWS, and the next pass's plan for each Service, made with read calls only, as WireMock's
 * own request journal shows.
 */
class AwsLoadBalancerPlanTest {

    private static final LbSettings SETTINGS = new LbSettings(Requests.CLUSTER, true, Duration.ofMinutes(5),
            Duration.ofMillis(20), n -> Duration.ofSeconds(1), false);

    private final MockKube mock = new MockKube();
    private final KubernetesClient kube = mock.client();
    private FakeAws aws;
    private AwsProviders providers;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        kube.resource(MockKube.node("node-a", "i-0a", "10.0.1.1")).create();
        kube.resource(MockKube.node("node-b", "i-0b", "10.0.1.2")).create();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
        mock.close();
    }

    @Test
    void aNewServiceIsPlannedResourceByResourceAndNothingIsWritten() {
        String uid = create(service("web", "LoadBalancer", false, 80));
        create(service("cluster-only", "ClusterIP", false, 80));
        aws.clearJournal();

        List<LoadBalancerPlan> plans = LoadBalancerPlans.next(kube, providers.provider(), SETTINGS);

        assertThat(aws.journalActions()).isNotEmpty().allMatch(action -> action.startsWith("Describe"));
        Names names = names("web", uid);
        assertThat(plans).singleElement().extracting(LoadBalancerPlan::steps).asInstanceOf(InstanceOfAssertFactories.LIST)
                .extracting("action", "kind", "resource").containsExactly(
                        tuple(LoadBalancerPlan.Action.UPDATE, "service", "default/web"),
                        tuple(LoadBalancerPlan.Action.CREATE, "security-group", names.securityGroup("nlb")),
                        tuple(LoadBalancerPlan.Action.UPDATE, "ingress-rules", names.securityGroup("nlb")),
                        tuple(LoadBalancerPlan.Action.CREATE, "load-balancer", names.loadBalancer()),
                        tuple(LoadBalancerPlan.Action.CREATE, "target-group", names.targetGroup("TCP", 30080)),
                        tuple(LoadBalancerPlan.Action.UPDATE, "targets", names.targetGroup("TCP", 30080)),
                        tuple(LoadBalancerPlan.Action.CREATE, "listener", "TCP:80"));
        String table = LoadBalancerPlanTable.render(plans);
        System.out.print(table);
        assertThat(table).containsPattern("default/web\\s+aws-nlb\\s+create\\s+load-balancer\\s+" + names.loadBalancer()
                + "\\s+internet-facing network load balancer in \\[subnet-0a1, subnet-0b1\\]\n");
        assertThat(table).containsPattern("default/web\\s+aws-nlb\\s+update\\s+ingress-rules\\s+\\S+\\s+allow "
                + "\\[tcp/80 from 0.0.0.0/0\\]\n");
        assertThat(table).endsWith("7 changes for 1 Service(s), 0 in sync, 0 cannot be planned\n");
    }

    @Test
    void aServiceThatGainedAPortIsPlannedWithWhatThatPortAddsOnly() {
        String uid = create(service("web", "LoadBalancer", true, 80, 443));
        providers.nlb().ensure(request("web", uid).nodes("0a", "0b").build());
        aws.clearJournal();

        List<LoadBalancerPlan> plans = LoadBalancerPlans.next(kube, providers.provider(), SETTINGS);

        assertThat(aws.journalActions()).isNotEmpty().allMatch(action -> action.startsWith("Describe"));
        Names names = names("web", uid);
        assertThat(plans).singleElement().extracting(LoadBalancerPlan::steps).asInstanceOf(InstanceOfAssertFactories.LIST)
                .extracting("action", "kind", "resource", "reason").containsExactly(
                        tuple(LoadBalancerPlan.Action.UPDATE, "ingress-rules", names.securityGroup("nlb"),
                                "allow [tcp/443 from 0.0.0.0/0]"),
                        tuple(LoadBalancerPlan.Action.CREATE, "target-group", names.targetGroup("TCP", 30443),
                                "TCP to NodePort 30443, health check TCP:traffic-port"),
                        tuple(LoadBalancerPlan.Action.UPDATE, "targets", names.targetGroup("TCP", 30443),
                                "register [i-0a:30443, i-0b:30443]"),
                        tuple(LoadBalancerPlan.Action.CREATE, "listener", "TCP:443",
                                "forwards to " + names.targetGroup("TCP", 30443)));
    }

    @Test
    void aServiceNoLongerOfTypeLoadBalancerIsPlannedForDeletionOfEverythingOfIt() {
        String uid = create(service("web", "ClusterIP", true, 80));
        providers.nlb().ensure(request("web", uid).nodes("0a", "0b").build());
        aws.clearJournal();

        List<LoadBalancerPlan> plans = LoadBalancerPlans.next(kube, providers.provider(), SETTINGS);

        assertThat(aws.journalActions()).isNotEmpty().allMatch(action -> action.startsWith("Describe"));
        Names names = names("web", uid);
        assertThat(plans).singleElement().extracting(LoadBalancerPlan::steps).asInstanceOf(InstanceOfAssertFactories.LIST)
                .extracting("action", "kind", "resource").containsExactly(
                        tuple(LoadBalancerPlan.Action.DELETE, "load-balancer", names.loadBalancer()),
                        tuple(LoadBalancerPlan.Action.DELETE, "target-group", names.targetGroup("TCP", 30080)),
                        tuple(LoadBalancerPlan.Action.DELETE, "security-group",
                                aws.ec2.groupNamed(names.securityGroup("nlb")).orElseThrow().id),
                        tuple(LoadBalancerPlan.Action.UPDATE, "service", "default/web"));
        assertThat(aws.elbv2.loadBalancer(names.loadBalancer())).isPresent();
    }

    @Test
    void aServiceWhoseLoadBalancerMatchesIsPlannedInSync() {
        String uid = create(service("web", "LoadBalancer", true, 80));
        providers.nlb().ensure(request("web", uid).nodes("0a", "0b").build());
        aws.clearJournal();

        List<LoadBalancerPlan> plans = LoadBalancerPlans.next(kube, providers.provider(), SETTINGS);

        assertThat(plans).singleElement().satisfies(plan -> assertThat(plan.steps()).isEmpty());
        assertThat(LoadBalancerPlanTable.render(plans)).containsPattern("default/web\\s+aws-nlb\\s+none\\s+-\\s+-\\s+in sync")
                .endsWith("0 changes for 0 Service(s), 1 in sync, 0 cannot be planned\n");
        assertThat(aws.journalActions()).isNotEmpty().allMatch(action -> action.startsWith("Describe"));
    }

    /** Creates the Service; the mock API server gives it its uid, which names its cloud resources. */
    private String create(Service service) {
        return kube.resource(service).create().getMetadata().getUid();
    }

    private static Requests.Builder request(String name, String uid) {
        return Requests.named(name).uid(uid);
    }

    private static Names names(String name, String uid) {
        return Names.of(request(name, uid).build(), new AwsCalls("test"));
    }

    /** @param ours marked as made by us, with our finalizers, as after a first ensure */
    private static Service service(String name, String type, boolean ours, int... ports) {
        ServiceBuilder builder = new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .endMetadata().withNewSpec().withType(type).endSpec();
        if (ours) {
            builder.editMetadata().addToAnnotations(LoadBalancerReconciler.MADE_BY, "aws")
                    .addToFinalizers(LoadBalancerReconciler.FINALIZER, LoadBalancerReconciler.OWN_FINALIZER).endMetadata();
        }
        for (int port : ports) {
            builder.editSpec().addNewPort().withProtocol("TCP").withPort(port).withNodePort(30000 + port).endPort()
                    .endSpec();
        }
        return builder.build();
    }
}
