package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeElbv2;
import static dev.gatehouse.cloudlb.aws.Requests.LB_NAME;
import static dev.gatehouse.cloudlb.aws.Requests.TG_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.NodeTarget;
import dev.gatehouse.cloud.fake.aws.AwsQueryFake.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Service's network load balancer follows the Service: ports, nodes, traffic policy, source ranges, scheme. */
class AwsNlbUpdateTest {

    private FakeAws aws;
    private AwsProviders providers;
    private LoadBalancerProvider nlb;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        nlb = providers.nlb();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void addingAPortCreatesOnlyItsTargetGroupTargetsListenerAndInboundRule() {
        nlb.ensure(Requests.web().nodes("0a", "0b").build());
        aws.clearCalls();

        nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0a", "0b").build());

        assertThat(aws.writeActions()).containsExactly("AuthorizeSecurityGroupIngress", "CreateTargetGroup",
                "RegisterTargets", "CreateListener");
        assertThat(aws.writes("AuthorizeSecurityGroupIngress").get(0).param("IpPermissions.1.FromPort")).isEqualTo("443");
        assertThat(aws.writes("CreateTargetGroup").get(0).param("Name")).isEqualTo(TG_PREFIX + "tcp30443");
        assertThat(aws.writes("CreateListener").get(0).param("Port")).isEqualTo("443");
        assertThat(aws.elbv2.targetGroup(TG_PREFIX + "tcp30443").orElseThrow().active())
                .containsExactly("i-0a:30443", "i-0b:30443");
    }

    @Test
    void removingAPortDeletesItsListenerThenItsTargetGroupAndRevokesItsInboundRule() {
        nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0a").build());
        FakeElbv2.TargetGroup https = aws.elbv2.targetGroup(TG_PREFIX + "tcp30443").orElseThrow();
        aws.clearCalls();

        nlb.ensure(Requests.web().nodes("0a").build());

        assertThat(aws.writeActions()).containsExactly("RevokeSecurityGroupIngress", "DeleteListener",
                "DeleteTargetGroup");
        assertThat(aws.writes("DeleteTargetGroup").get(0).param("TargetGroupArn")).isEqualTo(https.arn);
        FakeElbv2.LoadBalancer lb = aws.elbv2.loadBalancer(LB_NAME).orElseThrow();
        assertThat(aws.elbv2.listeners(lb.arn)).extracting(l -> l.port).containsExactly(80);
        assertThat(aws.elbv2.targetGroups()).extracting(g -> g.name).containsExactly(TG_PREFIX + "tcp30080");
        assertThat(aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow().rules).extracting(Object::toString)
                .containsExactly("tcp/80 0.0.0.0/0");
    }

    @Test
    void nodesJoiningAndLeavingRegisterAndDeregisterExactlyTheDifferenceInEveryTargetGroup() {
        nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0a", "0b").build());
        aws.clearCalls();

        nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0b", "0c").build());

        assertThat(aws.writes()).extracting(Call::action, AwsNlbUpdateTest::targets).containsExactly(
                tuple("RegisterTargets", "i-0c:30080"),
                tuple("DeregisterTargets", "i-0a:30080"),
                tuple("RegisterTargets", "i-0c:30443"),
                tuple("DeregisterTargets", "i-0a:30443"));
        FakeElbv2.TargetGroup http = aws.elbv2.targetGroup(TG_PREFIX + "tcp30080").orElseThrow();
        assertThat(http.targets).containsEntry("i-0a:30080", "draining");
        assertThat(http.active()).containsExactly("i-0b:30080", "i-0c:30080");
        aws.clearCalls();

        nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0b", "0c").build());

        assertThat(aws.writes()).as("a draining target counts as gone, not as one to deregister again").isEmpty();
    }

    @Test
    void aNodeComingBackWhileItsTargetDrainsIsRegisteredAgain() {
        nlb.ensure(Requests.web().nodes("0a", "0b").build());
        nlb.ensure(Requests.web().nodes("0b").build());
        aws.clearCalls();

        nlb.ensure(Requests.web().nodes("0a", "0b").build());

        assertThat(aws.writes()).extracting(Call::action, AwsNlbUpdateTest::targets)
                .containsExactly(tuple("RegisterTargets", "i-0a:30080"));
    }

    @Test
    void nodesWithoutAnEc2InstanceAreLeftOutAndTheOthersRegistered() {
        nlb.ensure(Requests.web().nodes("0a").node(new NodeTarget("bare", "", "10.0.9.9")).build());

        assertThat(aws.elbv2.targetGroup(TG_PREFIX + "tcp30080").orElseThrow().active()).containsExactly("i-0a:30080");
    }

    @Test
    void localTrafficPolicyHealthChecksHttpHealthzOnTheHealthCheckNodePort() {
        nlb.ensure(Requests.web().nodes("0a").localTrafficPolicy(32100).build());

        Call create = aws.writes("CreateTargetGroup").get(0);
        assertThat(create.param("HealthCheckProtocol")).isEqualTo("HTTP");
        assertThat(create.param("HealthCheckPort")).isEqualTo("32100");
        assertThat(create.param("HealthCheckPath")).isEqualTo("/healthz");
        assertThat(create.param("Port")).isEqualTo("30080");
    }

    @Test
    void switchingTheTrafficPolicyModifiesOnlyTheHealthCheck() {
        nlb.ensure(Requests.web().nodes("0a").build());
        aws.clearCalls();

        nlb.ensure(Requests.web().nodes("0a").localTrafficPolicy(32100).build());

        assertThat(aws.writeActions()).containsExactly("ModifyTargetGroup");
        Call toLocal = aws.writes("ModifyTargetGroup").get(0);
        assertThat(toLocal.param("HealthCheckProtocol")).isEqualTo("HTTP");
        assertThat(toLocal.param("HealthCheckPort")).isEqualTo("32100");
        assertThat(toLocal.param("HealthCheckPath")).isEqualTo("/healthz");
        aws.clearCalls();

        nlb.ensure(Requests.web().nodes("0a").build());

        assertThat(aws.writeActions()).containsExactly("ModifyTargetGroup");
        Call toCluster = aws.writes("ModifyTargetGroup").get(0);
        assertThat(toCluster.param("HealthCheckProtocol")).isEqualTo("TCP");
        assertThat(toCluster.param("HealthCheckPort")).isEqualTo("traffic-port");
        assertThat(toCluster.param("HealthCheckPath")).isNull();
    }

    @Test
    void aNewNodePortMovesTheListenerToANewTargetGroupAndDeletesTheOldOne() {
        nlb.ensure(Requests.web().nodes("0a").build());
        FakeElbv2.TargetGroup old = aws.elbv2.targetGroup(TG_PREFIX + "tcp30080").orElseThrow();
        aws.clearCalls();

        nlb.ensure(Requests.web().noPorts().port("TCP", 80, 30081).nodes("0a").build());

        assertThat(aws.writeActions()).containsExactly("CreateTargetGroup", "RegisterTargets", "ModifyListener",
                "DeleteTargetGroup");
        FakeElbv2.TargetGroup moved = aws.elbv2.targetGroup(TG_PREFIX + "tcp30081").orElseThrow();
        assertThat(aws.writes("ModifyListener").get(0).param("DefaultActions.member.1.TargetGroupArn"))
                .isEqualTo(moved.arn);
        assertThat(aws.writes("DeleteTargetGroup").get(0).param("TargetGroupArn")).isEqualTo(old.arn);
        assertThat(moved.active()).containsExactly("i-0a:30081");
    }

    @Test
    void changedSourceRangesAuthorizeAndRevokeOnlyTheDifference() {
        nlb.ensure(Requests.web().nodes("0a").sourceRanges("10.0.0.0/8", "192.168.0.0/16").build());
        aws.clearCalls();

        nlb.ensure(Requests.web().nodes("0a").sourceRanges("10.0.0.0/8", "172.16.0.0/12").build());

        assertThat(aws.writeActions()).containsExactly("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress");
        assertThat(aws.writes("AuthorizeSecurityGroupIngress").get(0).param("IpPermissions.1.IpRanges.1.CidrIp"))
                .isEqualTo("172.16.0.0/12");
        assertThat(aws.writes("RevokeSecurityGroupIngress").get(0).param("IpPermissions.1.IpRanges.1.CidrIp"))
                .isEqualTo("192.168.0.0/16");
        assertThat(aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow().rules).extracting(Object::toString)
                .containsExactly("tcp/80 10.0.0.0/8", "tcp/80 172.16.0.0/12");
    }

    @Test
    void turningAServiceInternalReCreatesTheLoadBalancerWithTheInternalScheme() {
        LoadBalancerStatus before = nlb.ensure(Requests.web().nodes("0a").build());
        aws.clearCalls();

        LoadBalancerStatus after = nlb.ensure(Requests.web().internal().nodes("0a").build());

        assertThat(aws.writeActions()).containsExactly("DeleteLoadBalancer", "CreateLoadBalancer", "CreateListener");
        assertThat(aws.writes("CreateLoadBalancer").get(0).param("Scheme")).isEqualTo("internal");
        assertThat(aws.elbv2.loadBalancer(LB_NAME).orElseThrow().scheme).isEqualTo("internal");
        assertThat(after).isNotEqualTo(before);
        assertThat(aws.elbv2.targetGroups()).as("the target group is kept and re-attached").hasSize(1);
    }

    private static String targets(Call call) {
        return String.join(",", call.params().entrySet().stream()
                .filter(e -> e.getKey().matches("Targets\\.member\\.\\d+\\.Id"))
                .map(e -> e.getValue() + ":" + call.param(e.getKey().replace(".Id", ".Port"))).toList());
    }
}
