package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.ResourceMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse_lb_resources_total}: one count per resource adopted after a create whose answer was lost,
 * repaired after a change behind our back, or cleaned up after an ensure that failed half-way, against the fake
 * AWS through the real SDK clients.
 */
class AwsResourceMetricsTest {

    private final ResourceMetrics metrics = new ResourceMetrics(new PrometheusRegistry());
    private FakeAws aws;
    private AwsProviders providers;
    private LoadBalancerProvider nlb;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        nlb = providers.nlb();
        nlb.reportTo(metrics);
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void aLoadBalancerMadeByACreateWhoseAnswerWasLostIsAdoptedOnceAndNotMadeTwice() {
        LoadBalancerRequest request = Requests.web().nodes("0a").build();
        // every attempt of the SDK's retries is applied (AWS answers a repeated create as the first) and lost
        aws.loseAnswers("CreateLoadBalancer", 5);

        assertThatThrownBy(() -> nlb.ensure(request)).isInstanceOf(LoadBalancerException.class);
        nlb.ensure(request);
        nlb.ensure(request);

        assertThat(aws.elbv2.loadBalancers()).hasSize(1);
        assertThat(metrics.count("aws-nlb", "load-balancer", Action.ADOPT)).isEqualTo(1);
        assertThat(metrics.count("aws-nlb", "load-balancer", Action.REPAIR)).isZero();
    }

    @Test
    void aSecurityGroupWhoseCreateAnswerWasLostIsAdopted() {
        LoadBalancerRequest request = Requests.web().nodes("0a").build();
        aws.loseAnswers("CreateSecurityGroup", 1);

        assertThatThrownBy(() -> nlb.ensure(request)).isInstanceOf(LoadBalancerException.class);
        nlb.ensure(request);

        assertThat(aws.ec2.groups()).filteredOn(group -> group.name.equals(Requests.LB_NAME + "-nlb")).hasSize(1);
        assertThat(metrics.count("aws-nlb", "security-group", Action.ADOPT)).isEqualTo(1);
    }

    @Test
    void aTagTakenOffTheLoadBalancerIsRepairedAndCounted() {
        LoadBalancerRequest request = Requests.web().nodes("0a").build();
        nlb.ensure(request);
        aws.elbv2.loadBalancer(Requests.LB_NAME).orElseThrow().tags.remove(ResourceTags.SERVICE_KEY);

        nlb.ensure(request);
        nlb.ensure(request);

        assertThat(metrics.count("aws-nlb", "load-balancer", Action.REPAIR)).isEqualTo(1);
        assertThat(metrics.count("aws-nlb", "load-balancer", Action.ADOPT)).isZero();
    }

    @Test
    void aTargetGroupLeftByAnEnsureThatFailedHalfWayIsCleanedOnceThePortIsGone() {
        aws.failNext("CreateListener", 1, 400, "InvalidConfigurationRequest", "refused for the test");
        assertThatThrownBy(() -> nlb.ensure(Requests.web().port("TCP", 443, 30443).nodes("0a").build()))
                .isInstanceOf(LoadBalancerException.class);
        assertThat(aws.elbv2.targetGroups()).hasSize(2);

        nlb.ensure(Requests.web().nodes("0a").build());

        assertThat(aws.elbv2.targetGroups()).singleElement().satisfies(group -> assertThat(group.name)
                .isEqualTo(Requests.TG_PREFIX + "tcp30080"));
        assertThat(metrics.count("aws-nlb", "target-group", Action.CLEAN)).isEqualTo(1);
    }
}
