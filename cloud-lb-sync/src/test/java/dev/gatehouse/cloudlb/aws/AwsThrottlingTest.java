package dev.gatehouse.cloudlb.aws;

import static dev.gatehouse.cloudlb.aws.Requests.LB_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Throttling is retried by the SDK with backoff; everything else fails at once, naming what failed. */
class AwsThrottlingTest {

    private final LoadBalancerRequest request = Requests.web().nodes("0a").build();
    private FakeAws aws;
    private AwsProviders providers;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void throttledReadsAndWritesOfAllThreeApisAreRetriedAndTheEnsureSucceedsWithEachWriteMadeOnce() {
        aws.failNext("DescribeLoadBalancers", 2, 400, "Throttling", "Rate exceeded");
        aws.failNext("DescribeSubnets", 1, 503, "RequestLimitExceeded", "Request limit exceeded.");
        aws.failNext("CreateTargetGroup", 1, 400, "Throttling", "Rate exceeded");
        aws.failNext("RegisterInstancesWithLoadBalancer", 1, 400, "Throttling", "Rate exceeded");

        LoadBalancerStatus nlb = providers.nlb().ensure(request);
        LoadBalancerStatus elb = providers.elb().ensure(request);

        assertThat(nlb.hostnames()).containsExactly(aws.elbv2.loadBalancer(LB_NAME).orElseThrow().dnsName);
        assertThat(elb.hostnames()).containsExactly(aws.elb.loadBalancer(LB_NAME).orElseThrow().dnsName);
        assertThat(aws.attempts("DescribeLoadBalancers")).extracting(call -> call.api() + " " + call.code())
                .containsExactly("elbv2 Throttling", "elbv2 Throttling", "elbv2 LoadBalancerNotFound",
                        "elb LoadBalancerNotFound");
        assertThat(aws.attempts("DescribeSubnets")).extracting(FakeAws.Call::status).containsExactly(503, 200, 200);
        assertThat(aws.attempts("CreateTargetGroup")).extracting(FakeAws.Call::code).containsExactly("Throttling", "");
        assertThat(aws.attempts("RegisterInstancesWithLoadBalancer")).extracting(FakeAws.Call::code)
                .containsExactly("Throttling", "");
        assertThat(aws.writes("CreateTargetGroup")).hasSize(1);
        assertThat(aws.writes("RegisterInstancesWithLoadBalancer")).hasSize(1);
        assertThat(aws.elbv2.targetGroups()).hasSize(1);
    }

    @Test
    void throttlingThatOutlastsTheRetriesFailsNamingTheServiceTheCallAndAwsCode() {
        aws.failNext("CreateListener", 10, 400, "Throttling", "Rate exceeded");

        assertThatThrownBy(() -> providers.nlb().ensure(request))
                .isInstanceOfSatisfying(LoadBalancerException.class,
                        e -> assertThat(e.reason()).isEqualTo("SyncLoadBalancerFailed"))
                .hasMessageContaining("aws-nlb service default/web: CreateListener")
                .hasMessageContaining(LB_NAME)
                .hasMessageContaining("Throttling: Rate exceeded (HTTP 400");
        assertThat(aws.attempts("CreateListener")).as("maxAttempts of the test settings").hasSize(4);
    }

    @Test
    void aRefusalIsNotRetriedAndFailsNamingTheServiceTheResourceAndAwsCodeAndMessage() {
        aws.failNext("CreateLoadBalancer", 1, 400, "InvalidSubnet", "Subnet subnet-0b1 is not in the VPC");

        assertThatThrownBy(() -> providers.nlb().ensure(request))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageStartingWith("aws-nlb service default/web: CreateLoadBalancer " + LB_NAME)
                .hasMessageContaining("InvalidSubnet: Subnet subnet-0b1 is not in the VPC (HTTP 400, request id req-");
        assertThat(aws.attempts("CreateLoadBalancer")).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedAndThenFailTheEnsureNamingTheCall() {
        aws.failNext("DescribeLoadBalancers", 100, 503, "ServiceUnavailable", "try again");

        assertThatThrownBy(() -> providers.nlb().ensure(request))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining("DescribeLoadBalancers " + LB_NAME)
                .hasMessageContaining("ServiceUnavailable");
        assertThat(aws.attempts("DescribeLoadBalancers")).hasSize(4);
    }

    @Test
    void anAnswerSlowerThanTheApiCallTimeoutFailsTheEnsureInsteadOfHoldingTheReconciler() {
        try (AwsProviders impatient = AwsProviders.create(aws.settings()
                .apiCallTimeout(Duration.ofMillis(300)).apiCallAttemptTimeout(Duration.ofMillis(300)).build())) {
            aws.delayNext("DescribeLoadBalancers", Duration.ofSeconds(5));

            assertThatThrownBy(() -> impatient.nlb().ensure(request))
                    .isInstanceOf(LoadBalancerException.class)
                    .hasMessageContaining("aws-nlb service default/web: DescribeLoadBalancers " + LB_NAME)
                    .hasMessageContaining("timeout");
        }
    }
}
