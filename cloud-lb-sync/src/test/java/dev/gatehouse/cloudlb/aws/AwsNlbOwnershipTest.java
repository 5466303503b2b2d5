package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeEc2;
import dev.gatehouse.cloud.fake.aws.FakeElbv2;
import static dev.gatehouse.cloudlb.aws.Requests.LB_NAME;
import static dev.gatehouse.cloudlb.aws.Requests.TG_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only what carries our cluster tag is ever changed or deleted. */
class AwsNlbOwnershipTest {

    private final LoadBalancerRequest request = Requests.web().nodes("0a").build();
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
    void aLoadBalancerWithOurNameButNotOurClusterTagIsRefusedAndLeftUntouched() {
        FakeElbv2.LoadBalancer foreign = aws.elbv2.addLoadBalancer(LB_NAME, "internet-facing", "subnet-0a1",
                Map.of("kubernetes.io/cluster/other", "owned", "gatehouse.dev/service", "default/web"));

        assertThatThrownBy(() -> nlb.ensure(request))
                .isInstanceOfSatisfying(LoadBalancerException.class,
                        e -> assertThat(e.reason()).isEqualTo("SyncLoadBalancerFailed"))
                .hasMessageContaining("aws-nlb service default/web")
                .hasMessageContaining(foreign.arn)
                .hasMessageContaining("not tagged kubernetes.io/cluster/prod=owned");
        nlb.ensureDeleted(request);

        assertThat(aws.writes()).isEmpty();
        assertThat(aws.elbv2.loadBalancers()).containsExactly(foreign);
        assertThat(aws.elbv2.listeners(foreign.arn)).isEmpty();
        assertThat(foreign.tags).doesNotContainKey("kubernetes.io/cluster/prod");
    }

    @Test
    void aListenerSomebodyAddedToOurLoadBalancerIsNeverChangedOrDeleted() {
        nlb.ensure(request);
        FakeElbv2.LoadBalancer lb = aws.elbv2.loadBalancer(LB_NAME).orElseThrow();
        FakeElbv2.TargetGroup theirs = aws.elbv2.addTargetGroup("console-made", "instance", "vpc-1", "i-0q:8443");
        FakeElbv2.Listener listener = aws.elbv2.addListener(lb.arn, 8443, theirs.arn);
        aws.clearCalls();

        nlb.ensure(request);
        nlb.ensure(Requests.web().noPorts().port("TCP", 81, 30081).nodes("0a").build());

        assertThat(aws.writes()).noneMatch(call -> listener.arn.equals(call.param("ListenerArn"))
                || theirs.arn.equals(call.param("TargetGroupArn")));
        assertThat(aws.elbv2.listeners(lb.arn)).extracting(l -> l.port).containsExactlyInAnyOrder(81, 8443);
        assertThat(theirs.active()).containsExactly("i-0q:8443");
    }

    @Test
    void aListenerSomebodyAddedOnAPortTheServiceWantsIsRefusedByName() {
        nlb.ensure(request);
        FakeElbv2.LoadBalancer lb = aws.elbv2.loadBalancer(LB_NAME).orElseThrow();
        FakeElbv2.TargetGroup theirs = aws.elbv2.addTargetGroup("console-made", "instance", "vpc-1");
        FakeElbv2.Listener listener = aws.elbv2.addListener(lb.arn, 443, theirs.arn);
        aws.clearCalls();

        assertThatThrownBy(() -> nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0a").build()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining(listener.arn)
                .hasMessageContaining("port 443");
        assertThat(aws.writes()).noneMatch(call -> call.action().endsWith("Listener"));
    }

    @Test
    void aTargetGroupWithOurNameButNotOurTagIsRefusedAndLeftUntouched() {
        FakeElbv2.TargetGroup foreign = aws.elbv2.addTargetGroup(TG_PREFIX + "tcp30080", "instance", "vpc-1", "i-0q:1");

        assertThatThrownBy(() -> nlb.ensure(request))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining(foreign.arn)
                .hasMessageContaining("not tagged kubernetes.io/cluster/prod=owned");
        nlb.ensureDeleted(request);

        assertThat(aws.writes()).noneMatch(call -> foreign.arn.equals(call.param("TargetGroupArn")));
        assertThat(aws.elbv2.targetGroups()).contains(foreign);
        assertThat(foreign.active()).containsExactly("i-0q:1");
    }

    @Test
    void aSecurityGroupWithOurNameButNotOurTagIsRefusedAndLeftUntouched() {
        FakeEc2.Group foreign = aws.ec2.addGroup(LB_NAME + "-nlb", "vpc-1", Map.of("team", "someone"));

        assertThatThrownBy(() -> nlb.ensure(request))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining(foreign.id)
                .hasMessageContaining("not tagged kubernetes.io/cluster/prod=owned");
        nlb.ensureDeleted(request);

        assertThat(aws.writes()).isEmpty();
        assertThat(aws.ec2.groups()).containsExactly(foreign);
    }
}
