package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeEc2;
import dev.gatehouse.cloud.fake.aws.FakeElbv2;
import static dev.gatehouse.cloudlb.aws.Requests.LB_NAME;
import static dev.gatehouse.cloudlb.aws.Requests.TG_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloud.fake.aws.AwsQueryFake.Call;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What somebody changed out of band is repaired by the next ensure, with one write per thing changed. */
class AwsNlbDriftTest {

    private final LoadBalancerRequest request = Requests.web().port("TCP", 443, 30443).nodes("0a", "0b").build();
    private FakeAws aws;
    private AwsProviders providers;
    private LoadBalancerProvider nlb;
    private FakeElbv2.LoadBalancer lb;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        nlb = providers.nlb();
        nlb.ensure(request);
        lb = aws.elbv2.loadBalancer(LB_NAME).orElseThrow();
        aws.clearCalls();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void aListenerDeletedOutOfBandIsCreatedAgain() {
        FakeElbv2.Listener https = aws.elbv2.listeners(lb.arn).stream().filter(l -> l.port == 443).findFirst().orElseThrow();
        aws.elbv2.removeListener(https.arn);

        nlb.ensure(request);

        assertThat(aws.writeActions()).containsExactly("CreateListener");
        Call create = aws.writes("CreateListener").get(0);
        assertThat(create.param("Port")).isEqualTo("443");
        assertThat(create.param("DefaultActions.member.1.TargetGroupArn"))
                .isEqualTo(aws.elbv2.targetGroup(TG_PREFIX + "tcp30443").orElseThrow().arn);
    }

    @Test
    void aListenerPointedAtAnotherTargetGroupIsPointedBack() {
        FakeElbv2.Listener http = aws.elbv2.listeners(lb.arn).stream().filter(l -> l.port == 80).findFirst().orElseThrow();
        String rightful = http.targetGroupArn;
        http.targetGroupArn = aws.elbv2.targetGroup(TG_PREFIX + "tcp30443").orElseThrow().arn;

        nlb.ensure(request);

        assertThat(aws.writeActions()).containsExactly("ModifyListener");
        assertThat(http.targetGroupArn).isEqualTo(rightful);
    }

    @Test
    void aHealthCheckChangedOutOfBandIsSetBack() {
        FakeElbv2.TargetGroup group = aws.elbv2.targetGroup(TG_PREFIX + "tcp30080").orElseThrow();
        group.healthCheckProtocol = "HTTP";
        group.healthCheckPort = "8080";
        group.healthCheckPath = "/";

        nlb.ensure(request);

        assertThat(aws.writeActions()).containsExactly("ModifyTargetGroup");
        assertThat(group.healthCheckProtocol).isEqualTo("TCP");
        assertThat(group.healthCheckPort).isEqualTo("traffic-port");
    }

    @Test
    void aTargetDeregisteredOutOfBandIsRegisteredAgainAndAStrangerInOurGroupDeregistered() {
        FakeElbv2.TargetGroup group = aws.elbv2.targetGroup(TG_PREFIX + "tcp30080").orElseThrow();
        group.targets.remove("i-0b:30080");
        group.targets.put("i-0z:30080", "healthy");

        nlb.ensure(request);

        assertThat(aws.writeActions()).containsExactly("RegisterTargets", "DeregisterTargets");
        assertThat(aws.writes("RegisterTargets").get(0).param("Targets.member.1.Id")).isEqualTo("i-0b");
        assertThat(aws.writes("DeregisterTargets").get(0).param("Targets.member.1.Id")).isEqualTo("i-0z");
    }

    @Test
    void aTagRemovedOutOfBandIsAddedAgainToThatResourceOnly() {
        lb.tags.remove(ResourceTags.SERVICE_KEY);

        nlb.ensure(request);

        assertThat(aws.writeActions()).containsExactly("AddTags");
        Call addTags = aws.writes("AddTags").get(0);
        assertThat(addTags.list("ResourceArns.member")).containsExactly(lb.arn);
        assertThat(addTags.map("Tags.member", "Key", "Value")).containsExactly(
                entry(ResourceTags.SERVICE_KEY, "default/web"));
    }

    @Test
    void anInboundRuleRevokedOutOfBandIsAuthorizedAgain() {
        FakeEc2.Group group = aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow();
        group.rules.remove(new FakeEc2.Rule("tcp", 443, "0.0.0.0/0"));

        nlb.ensure(request);

        assertThat(aws.writeActions()).containsExactly("AuthorizeSecurityGroupIngress");
        assertThat(group.rules).contains(new FakeEc2.Rule("tcp", 443, "0.0.0.0/0"));
    }

    @Test
    void aSecurityGroupDetachedOutOfBandIsAttachedAgainBesideTheOthers() {
        String ours = aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow().id;
        lb.securityGroups = List.of("sg-somebody");

        nlb.ensure(request);

        assertThat(aws.writeActions()).containsExactly("SetSecurityGroups");
        assertThat(lb.securityGroups).containsExactly("sg-somebody", ours);
    }
}
