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

class AwsNlbDeleteTest {

    private final LoadBalancerRequest request = Requests.web().port("TCP", 443, 30443).nodes("0a").build();
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
    void ensureDeletedDeletesTheLoadBalancerThenItsTargetGroupsThenItsSecurityGroup() {
        nlb.ensure(request);
        FakeElbv2.TargetGroup stranger = aws.elbv2.addTargetGroup("someone-elses", "instance", "vpc-1");
        FakeElbv2.TargetGroup namesake = aws.elbv2.addTargetGroup(TG_PREFIX + "tcp9", "instance", "vpc-1");
        FakeEc2.Group otherGroup = aws.ec2.addGroup("unrelated", "vpc-1", Map.of());
        aws.clearCalls();

        nlb.ensureDeleted(request);

        assertThat(aws.writeActions()).containsExactly("DeleteLoadBalancer", "DeleteTargetGroup", "DeleteTargetGroup",
                "DeleteSecurityGroup");
        assertThat(aws.attempts("DescribeTargetGroups")).as("the listing is read page by page").hasSizeGreaterThan(1);
        assertThat(aws.elbv2.loadBalancers()).isEmpty();
        assertThat(aws.elbv2.targetGroups()).containsExactlyInAnyOrder(stranger, namesake);
        assertThat(aws.ec2.groups()).containsExactly(otherGroup);
    }

    @Test
    void aTagsAnnotationBrokenSinceTheLoadBalancerWasMadeDoesNotKeepItAlive() {
        nlb.ensure(request);
        aws.clearCalls();

        nlb.ensureDeleted(Requests.web().port("TCP", 443, 30443).nodes("0a")
                .annotation(AwsProviders.TAGS_ANNOTATION, "no-equals-sign").build());

        assertThat(aws.writeActions()).containsExactly("DeleteLoadBalancer", "DeleteTargetGroup", "DeleteTargetGroup",
                "DeleteSecurityGroup");
    }

    @Test
    void ensureDeletedOfAServiceWhoseResourcesAreAlreadyGoneSucceedsWithoutWriting() {
        nlb.ensureDeleted(request);

        assertThat(aws.calls()).extracting(FakeAws.Call::action)
                .contains("DescribeLoadBalancers", "DescribeTargetGroups", "DescribeSecurityGroups");
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void aTargetGroupLeftBehindByAFailedEnsureIsDeletedToo() {
        aws.failNext("CreateListener", 1, 400, "TooManyListeners", "You've reached the limit on the number of listeners");
        assertThatThrownBy(() -> nlb.ensure(request)).isInstanceOf(LoadBalancerException.class);
        assertThat(aws.elbv2.targetGroups()).hasSize(2);
        aws.clearCalls();

        nlb.ensureDeleted(request);

        assertThat(aws.writeActions()).containsExactly("DeleteLoadBalancer", "DeleteTargetGroup", "DeleteTargetGroup",
                "DeleteSecurityGroup");
        assertThat(aws.elbv2.targetGroups()).isEmpty();
    }

    @Test
    void aSecurityGroupStillHeldByTheDeletedLoadBalancerFailsTheDeletionAndTheNextAttemptFinishesIt() {
        nlb.ensure(request);
        String group = aws.ec2.groupNamed(LB_NAME + "-nlb").orElseThrow().id;
        aws.failNext("DeleteSecurityGroup", 1, 400, "DependencyViolation", "resource " + group + " has a dependent object");
        aws.clearCalls();

        assertThatThrownBy(() -> nlb.ensureDeleted(request))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining("aws-nlb service default/web: DeleteSecurityGroup security group " + group)
                .hasMessageContaining("DependencyViolation");
        aws.clearCalls();
        nlb.ensureDeleted(request);

        assertThat(aws.writeActions()).containsExactly("DeleteSecurityGroup");
        assertThat(aws.ec2.groups()).isEmpty();
    }
}
