package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where a new load balancer goes, and why it cannot go anywhere. */
class AwsSubnetsTest {

    private FakeAws aws;
    private AwsProviders providers;
    private LoadBalancerProvider nlb;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        providers = aws.providers();
        nlb = providers.nlb();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void withoutTaggedSubnetsTheRefusalSaysWhichTagsToAddAndNothingIsCreated() {
        aws.ec2.subnet("subnet-0a1", "vpc-1", "us-east-1a", Map.of(Subnets.PUBLIC_ROLE_TAG, "1"));

        assertThatThrownBy(() -> nlb.ensure(Requests.web().nodes("0a").build()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("aws-nlb service default/web: no subnets are tagged kubernetes.io/role/elb and"
                        + " kubernetes.io/cluster/prod (owned or shared) (expected: tag the subnets for internet-facing"
                        + " load balancers, or name them in the annotation gatehouse.dev/aws-subnets)");
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void annotatedSubnetsInOneZoneOrInTwoVpcsAreRefused() {
        Requests.seedSubnets(aws.ec2);

        assertThatThrownBy(() -> nlb.ensure(Requests.web().nodes("0a")
                .annotation(AwsProviders.SUBNETS_ANNOTATION, "subnet-0a1,subnet-0a2").build()))
                .hasMessageContaining("names subnet-0a1 and subnet-0a2 in the same availability zone us-east-1a");
        assertThatThrownBy(() -> nlb.ensure(Requests.web().nodes("0a")
                .annotation(AwsProviders.SUBNETS_ANNOTATION, "subnet-0b1,subnet-2a1").build()))
                .hasMessageContaining("lie in 2 VPCs {vpc-1=[subnet-0b1], vpc-2=[subnet-2a1]}");
        assertThatThrownBy(() -> nlb.ensure(Requests.web().nodes("0a")
                .annotation(AwsProviders.SUBNETS_ANNOTATION, ",").build()))
                .hasMessageContaining("names no subnet");
        assertThatThrownBy(() -> nlb.ensure(Requests.web().nodes("0a")
                .annotation(AwsProviders.SUBNETS_ANNOTATION, "subnet-missing").build()))
                .hasMessageContaining("DescribeSubnets subnets subnet-missing")
                .hasMessageContaining("InvalidSubnetID.NotFound");
        assertThat(aws.writes()).isEmpty();
    }
}
