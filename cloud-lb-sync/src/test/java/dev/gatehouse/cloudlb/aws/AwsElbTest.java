package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeElb;
import dev.gatehouse.cloud.fake.aws.FakeEc2;
import static dev.gatehouse.cloudlb.aws.Requests.LB_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloud.fake.aws.AwsQueryFake.Call;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code aws-elb} against classic ELB 2.41.18 on the 2.57.8 SDK core. */
class AwsElbTest {

    private static final Map<String, String> OWN_TAGS = Map.of(
            "kubernetes.io/cluster/prod", "owned", "gatehouse.dev/service", "default/web");

    private FakeAws aws;
    private AwsProviders providers;
    private LoadBalancerProvider elb;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        elb = providers.elb();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void aNewServiceGetsAClassicLoadBalancerWithATcpListenerPerPortItsInstancesAndAHealthCheck() {
        LoadBalancerStatus status = elb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0a", "0b").build());

        FakeElb.LoadBalancer lb = aws.elb.loadBalancer(LB_NAME).orElseThrow();
        assertThat(status).isEqualTo(LoadBalancerStatus.hostname(lb.dnsName));
        assertThat(aws.writeActions()).containsExactly("CreateSecurityGroup", "AuthorizeSecurityGroupIngress",
                "CreateLoadBalancer", "ConfigureHealthCheck", "RegisterInstancesWithLoadBalancer");
        Call create = aws.writes("CreateLoadBalancer").get(0);
        assertThat(create.param("LoadBalancerName")).isEqualTo(LB_NAME);
        assertThat(create.param("Scheme")).isNull();
        assertThat(create.list("Subnets.member")).containsExactly("subnet-0a1", "subnet-0b1");
        FakeEc2.Group group = aws.ec2.groupNamed(LB_NAME + "-elb").orElseThrow();
        assertThat(create.list("SecurityGroups.member")).containsExactly(group.id);
        assertThat(create.map("Tags.member", "Key", "Value")).isEqualTo(OWN_TAGS);
        assertThat(lb.listeners.values()).containsExactly(
                new FakeElb.Listener("TCP", 80, "TCP", 30080), new FakeElb.Listener("TCP", 443, "TCP", 30443));
        Call health = aws.writes("ConfigureHealthCheck").get(0);
        assertThat(health.param("HealthCheck.Target")).isEqualTo("TCP:30080");
        assertThat(health.param("HealthCheck.Interval")).isEqualTo("10");
        assertThat(lb.instances).containsExactly("i-0a", "i-0b");
        assertThat(group.rules).extracting(Object::toString)
                .containsExactlyInAnyOrder("tcp/80 0.0.0.0/0", "tcp/443 0.0.0.0/0");
    }

    @Test
    void aSecondEnsureWithNothingChangedMakesNoWriteCall() {
        var request = Requests.web().nodes("0a", "0b").localTrafficPolicy(32100).sourceRanges("10.0.0.0/8").build();
        LoadBalancerStatus first = elb.ensure(request);
        aws.clearCalls();

        assertThat(elb.ensure(request)).isEqualTo(first);
        assertThat(aws.calls()).extracting(Call::action).contains("DescribeLoadBalancers", "DescribeTags");
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void nodesJoiningAndLeavingRegisterAndDeregisterExactlyTheDifference() {
        elb.ensure(Requests.web().nodes("0a", "0b").build());
        aws.clearCalls();

        elb.ensure(Requests.web().nodes("0b", "0c").build());

        assertThat(aws.writeActions()).containsExactly("RegisterInstancesWithLoadBalancer",
                "DeregisterInstancesFromLoadBalancer");
        assertThat(aws.writes("RegisterInstancesWithLoadBalancer").get(0).param("Instances.member.1.InstanceId"))
                .isEqualTo("i-0c");
        assertThat(aws.writes("DeregisterInstancesFromLoadBalancer").get(0).param("Instances.member.1.InstanceId"))
                .isEqualTo("i-0a");
        assertThat(aws.writes("DeregisterInstancesFromLoadBalancer").get(0).params())
                .doesNotContainKey("Instances.member.2.InstanceId");
        assertThat(aws.elb.loadBalancer(LB_NAME).orElseThrow().instances).containsExactly("i-0b", "i-0c");
    }

    @Test
    void portsAddedRemovedOrMovedToAnotherNodePortChangeOnlyTheirListeners() {
        elb.ensure(Requests.web().port("TCP", 443, 30443).port("TCP", 8080, 30808).nodes("0a").build());
        aws.clearCalls();

        elb.ensure(Requests.web().port("TCP", 443, 30444).port("TCP", 9090, 30909).nodes("0a").build());

        assertThat(aws.writeActions()).containsExactly("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress",
                "DeleteLoadBalancerListeners", "CreateLoadBalancerListeners");
        assertThat(aws.writes("DeleteLoadBalancerListeners").get(0).list("LoadBalancerPorts.member"))
                .containsExactly("443", "8080");
        Call create = aws.writes("CreateLoadBalancerListeners").get(0);
        assertThat(create.param("Listeners.member.1.LoadBalancerPort")).isEqualTo("443");
        assertThat(create.param("Listeners.member.1.InstancePort")).isEqualTo("30444");
        assertThat(create.param("Listeners.member.2.LoadBalancerPort")).isEqualTo("9090");
        assertThat(aws.elb.loadBalancer(LB_NAME).orElseThrow().listeners.keySet()).containsExactly(80, 443, 9090);
    }

    @Test
    void localTrafficPolicyChecksHealthzOnTheHealthCheckNodePortOverHttp() {
        elb.ensure(Requests.web().nodes("0a").build());
        aws.clearCalls();

        elb.ensure(Requests.web().nodes("0a").localTrafficPolicy(32100).build());

        assertThat(aws.writeActions()).containsExactly("ConfigureHealthCheck");
        assertThat(aws.elb.loadBalancer(LB_NAME).orElseThrow().healthTarget).isEqualTo("HTTP:32100/healthz");
    }

    @Test
    void anInternalServiceGetsTheInternalSchemeInTheInternalSubnets() {
        LoadBalancerStatus status = elb.ensure(Requests.web().internal().nodes("0a").build());

        Call create = aws.writes("CreateLoadBalancer").get(0);
        assertThat(create.param("Scheme")).isEqualTo("internal");
        assertThat(create.list("Subnets.member")).containsExactly("subnet-1a1", "subnet-1b1");
        assertThat(status.hostnames()).singleElement().asString().startsWith("internal-" + LB_NAME);
    }

    @Test
    void ensureDeletedDeletesTheLoadBalancerAndItsSecurityGroupAndAlreadyGoneIsSuccess() {
        var request = Requests.web().nodes("0a").build();
        elb.ensure(request);
        aws.clearCalls();

        elb.ensureDeleted(request);

        assertThat(aws.writeActions()).containsExactly("DeleteLoadBalancer", "DeleteSecurityGroup");
        assertThat(aws.elb.loadBalancer(LB_NAME)).isEmpty();
        assertThat(aws.ec2.groupNamed(LB_NAME + "-elb")).isEmpty();
        aws.clearCalls();

        elb.ensureDeleted(request);

        assertThat(aws.calls()).isNotEmpty();
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void aClassicLoadBalancerWithOurNameButNotOurClusterTagIsRefusedUntouched() {
        aws.elb.addLoadBalancer(LB_NAME, "subnet-0a1", Map.of("kubernetes.io/cluster/other", "owned"));
        var request = Requests.web().nodes("0a").build();

        assertThatThrownBy(() -> elb.ensure(request))
                .isInstanceOfSatisfying(LoadBalancerException.class,
                        e -> assertThat(e.reason()).isEqualTo("SyncLoadBalancerFailed"))
                .hasMessageContaining("aws-elb service default/web")
                .hasMessageContaining(LB_NAME)
                .hasMessageContaining("not tagged kubernetes.io/cluster/prod=owned");
        elb.ensureDeleted(request);

        assertThat(aws.writes()).isEmpty();
        assertThat(aws.elb.loadBalancer(LB_NAME)).isPresent();
    }

    @Test
    void aUdpPortIsRefusedBecauseAClassicLoadBalancerForwardsTcpOnly() {
        assertThatThrownBy(() -> elb.ensure(Requests.web().port("UDP", 53, 30053).nodes("0a").build()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining("port 53/UDP")
                .hasMessageContaining(AwsProviders.TYPE_ANNOTATION + ": nlb");
        assertThat(aws.calls()).isEmpty();
    }
}
