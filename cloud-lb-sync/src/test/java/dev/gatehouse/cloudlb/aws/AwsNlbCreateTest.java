package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeEc2;
import dev.gatehouse.cloud.fake.aws.FakeElbv2;
import static dev.gatehouse.cloudlb.aws.Requests.LB_NAME;
import static dev.gatehouse.cloudlb.aws.Requests.TG_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloud.fake.aws.AwsQueryFake.Call;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsNlbCreateTest {

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
    void aNewServiceGetsASecurityGroupALoadBalancerAndATargetGroupAndListenerPerPortAllTagged() {
        LoadBalancerStatus status = nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0a", "0b")
                .annotation(AwsProviders.TAGS_ANNOTATION, "team=edge, cost-center=42").build());

        FakeElbv2.LoadBalancer lb = aws.elbv2.loadBalancer(LB_NAME).orElseThrow();
        assertThat(status).isEqualTo(LoadBalancerStatus.hostname(lb.dnsName));
        assertThat(aws.writeActions()).containsExactly(
                "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "CreateLoadBalancer",
                "CreateTargetGroup", "RegisterTargets", "CreateTargetGroup", "RegisterTargets",
                "CreateListener", "CreateListener");
        Map<String, String> tags = Map.of("kubernetes.io/cluster/prod", "owned", "gatehouse.dev/service", "default/web",
                "team", "edge", "cost-center", "42");

        Call group = aws.writes("CreateSecurityGroup").get(0);
        assertThat(group.param("GroupName")).isEqualTo(LB_NAME + "-nlb");
        assertThat(group.param("VpcId")).isEqualTo("vpc-1");
        assertThat(group.map("TagSpecification.1.Tag", "Key", "Value")).isEqualTo(tags);
        FakeEc2.Group created = aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow();
        assertThat(created.rules).extracting(Object::toString).containsExactlyInAnyOrder("tcp/80 0.0.0.0/0", "tcp/443 0.0.0.0/0");

        Call create = aws.writes("CreateLoadBalancer").get(0);
        assertThat(create.param("Name")).isEqualTo(LB_NAME).hasSize(32);
        assertThat(create.param("Type")).isEqualTo("network");
        assertThat(create.param("Scheme")).isEqualTo("internet-facing");
        assertThat(create.list("Subnets.member")).containsExactly("subnet-0a1", "subnet-0b1");
        assertThat(create.list("SecurityGroups.member")).containsExactly(created.id);
        assertThat(create.map("Tags.member", "Key", "Value")).isEqualTo(tags);

        Call targetGroup = aws.writes("CreateTargetGroup").get(0);
        assertThat(targetGroup.param("Name")).isEqualTo(TG_PREFIX + "tcp30080");
        assertThat(targetGroup.param("Protocol")).isEqualTo("TCP");
        assertThat(targetGroup.param("Port")).isEqualTo("30080");
        assertThat(targetGroup.param("VpcId")).isEqualTo("vpc-1");
        assertThat(targetGroup.param("TargetType")).isEqualTo("instance");
        assertThat(targetGroup.param("HealthCheckProtocol")).isEqualTo("TCP");
        assertThat(targetGroup.param("HealthCheckPort")).isEqualTo("traffic-port");
        assertThat(targetGroup.param("HealthCheckPath")).isNull();
        assertThat(targetGroup.map("Tags.member", "Key", "Value")).isEqualTo(tags);
        assertThat(aws.writes("CreateTargetGroup").get(1).param("Name")).isEqualTo(TG_PREFIX + "tcp30443");

        FakeElbv2.TargetGroup http = aws.elbv2.targetGroup(TG_PREFIX + "tcp30080").orElseThrow();
        FakeElbv2.TargetGroup https = aws.elbv2.targetGroup(TG_PREFIX + "tcp30443").orElseThrow();
        assertThat(http.active()).containsExactly("i-0a:30080", "i-0b:30080");
        assertThat(https.active()).containsExactly("i-0a:30443", "i-0b:30443");

        assertThat(aws.elbv2.listeners(lb.arn)).extracting(l -> l.protocol + ":" + l.port + "->" + l.targetGroupArn)
                .containsExactly("TCP:80->" + http.arn, "TCP:443->" + https.arn);
        assertThat(aws.writes("CreateListener")).allSatisfy(
                listener -> assertThat(listener.map("Tags.member", "Key", "Value")).isEqualTo(tags));
    }

    @Test
    void aSecondEnsureWithNothingChangedMakesNoWriteCall() {
        var request = Requests.web().port("UDP", 53, 30053).nodes("0a", "0b").sourceRanges("203.0.113.0/24")
                .localTrafficPolicy(32100).annotation(AwsProviders.TAGS_ANNOTATION, "team=edge").build();
        LoadBalancerStatus first = nlb.ensure(request);
        aws.clearCalls();

        LoadBalancerStatus second = nlb.ensure(request);

        assertThat(second).isEqualTo(first);
        assertThat(aws.calls()).extracting(Call::action).contains("DescribeLoadBalancers", "DescribeTags",
                "DescribeListeners", "DescribeTargetGroups", "DescribeTargetHealth", "DescribeSecurityGroups");
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void anInternalServiceGetsTheInternalSchemeInTheSubnetsTaggedForInternalLoadBalancers() {
        nlb.ensure(Requests.web().internal().nodes("0a").build());

        Call create = aws.writes("CreateLoadBalancer").get(0);
        assertThat(create.param("Scheme")).isEqualTo("internal");
        assertThat(create.list("Subnets.member")).containsExactly("subnet-1a1", "subnet-1b1");
    }

    @Test
    void theSubnetsAnnotationPlacesTheLoadBalancerInExactlyThoseSubnets() {
        nlb.ensure(Requests.web().nodes("0a").annotation(AwsProviders.SUBNETS_ANNOTATION, " subnet-9z9 ,subnet-0b1,")
                .build());

        assertThat(aws.writes("CreateLoadBalancer").get(0).list("Subnets.member"))
                .containsExactly("subnet-0b1", "subnet-9z9");
    }

    @Test
    void sourceRangesBecomeTheSecurityGroupsOnlyInboundRules() {
        nlb.ensure(Requests.web().port("UDP", 53, 30053).nodes("0a")
                .sourceRanges("203.0.113.7/24", "2001:db8::/32").build());

        FakeEc2.Group group = aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow();
        assertThat(group.rules).extracting(Object::toString).containsExactlyInAnyOrder(
                "tcp/80 203.0.113.0/24", "tcp/80 2001:db8::/32",
                "udp/53 203.0.113.0/24", "udp/53 2001:db8::/32");
    }

    @Test
    void aTcpAndAUdpPortOfOneNumberShareOneTcpUdpListenerAndTargetGroup() {
        nlb.ensure(Requests.web().noPorts().port("TCP", 53, 30053).port("UDP", 53, 30053).nodes("0a").build());

        assertThat(aws.writes("CreateTargetGroup")).singleElement().satisfies(call -> {
            assertThat(call.param("Name")).isEqualTo(TG_PREFIX + "tcpudp30053");
            assertThat(call.param("Protocol")).isEqualTo("TCP_UDP");
        });
        assertThat(aws.writes("CreateListener")).singleElement()
                .satisfies(call -> assertThat(call.param("Protocol")).isEqualTo("TCP_UDP"));
        assertThat(aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow().rules).extracting(Object::toString)
                .containsExactly("tcp/53 0.0.0.0/0", "udp/53 0.0.0.0/0");
    }
}
