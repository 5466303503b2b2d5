package dev.gatehouse.cloudlb.aws;

import static dev.gatehouse.cloudlb.aws.Requests.LB_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsPerServiceProviderTest {

    private FakeAws aws;
    private AwsProviders providers;
    private LoadBalancerProvider perService;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        perService = providers.provider();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void withoutTheTypeAnnotationTheSettingsDefaultKindIsMade() {
        assertThat(perService.name()).isEqualTo("aws");
        perService.ensure(Requests.web().nodes("0a").build());

        assertThat(aws.elbv2.loadBalancer(LB_NAME)).isPresent();
        assertThat(aws.elb.loadBalancer(LB_NAME)).isEmpty();

        try (AwsProviders classic = AwsProviders.create(aws.settings()
                .defaultType(AwsSettings.LoadBalancerType.ELB).build())) {
            classic.provider().ensure(Requests.web().uid("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9").nodes("0a").build());
        }
        assertThat(aws.elb.loadBalancer("gh-0f1e2d3c4b5a49788695a4b3c2d1e")).isPresent();
    }

    @Test
    void theTypeAnnotationChoosesAClassicLoadBalancer() {
        LoadBalancerStatus status = perService.ensure(Requests.web().nodes("0a")
                .annotation(AwsProviders.TYPE_ANNOTATION, "ELB").build());

        assertThat(status.hostnames()).containsExactly(aws.elb.loadBalancer(LB_NAME).orElseThrow().dnsName);
        assertThat(aws.elbv2.loadBalancers()).isEmpty();
    }

    @Test
    void switchingKindMakesTheNewLoadBalancerThenDeletesEverythingOfTheOld() {
        perService.ensure(Requests.web().nodes("0a").build());
        aws.clearCalls();

        LoadBalancerStatus status = perService.ensure(Requests.web().nodes("0a")
                .annotation(AwsProviders.TYPE_ANNOTATION, "elb").build());

        assertThat(status.hostnames()).containsExactly(aws.elb.loadBalancer(LB_NAME).orElseThrow().dnsName);
        assertThat(aws.writes()).extracting(call -> call.api() + " " + call.action()).containsExactly(
                "ec2 CreateSecurityGroup", "ec2 AuthorizeSecurityGroupIngress", "elb CreateLoadBalancer",
                "elb ConfigureHealthCheck", "elb RegisterInstancesWithLoadBalancer",
                "elbv2 DeleteLoadBalancer", "elbv2 DeleteTargetGroup", "ec2 DeleteSecurityGroup");
        assertThat(aws.elbv2.loadBalancers()).isEmpty();
        assertThat(aws.elbv2.targetGroups()).isEmpty();
        assertThat(aws.ec2.groups()).extracting(group -> group.name).containsExactly(LB_NAME + "-elb");
        aws.clearCalls();

        perService.ensure(Requests.web().nodes("0a").annotation(AwsProviders.TYPE_ANNOTATION, "elb").build());

        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void aFailedCleanupOfTheOldKindFailsTheEnsureSoThatItIsRetried() {
        perService.ensure(Requests.web().nodes("0a").build());
        aws.failNext("DeleteSecurityGroup", 1, 400, "DependencyViolation", "resource has a dependent object");
        var asElb = Requests.web().nodes("0a").annotation(AwsProviders.TYPE_ANNOTATION, "elb").build();

        assertThatThrownBy(() -> perService.ensure(asElb))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining("service default/web now has its aws-elb load balancer")
                .hasMessageContaining("deleting the previous aws-nlb one failed")
                .hasMessageContaining("DependencyViolation");
        aws.clearCalls();

        perService.ensure(asElb);

        assertThat(aws.writeActions()).containsExactly("DeleteSecurityGroup");
        assertThat(aws.ec2.groups()).extracting(group -> group.name).containsExactly(LB_NAME + "-elb");
    }

    @Test
    void ensureDeletedDeletesWhicheverKindTheServiceHas() {
        var request = Requests.web().nodes("0a").annotation(AwsProviders.TYPE_ANNOTATION, "elb").build();
        perService.ensure(request);
        aws.clearCalls();

        perService.ensureDeleted(request);

        assertThat(aws.writeActions()).containsExactly("DeleteLoadBalancer", "DeleteSecurityGroup");
        assertThat(aws.elb.loadBalancer(LB_NAME)).isEmpty();
        assertThat(aws.ec2.groups()).isEmpty();
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> perService.ensure(Requests.web().nodes("0a")
                .annotation(AwsProviders.TYPE_ANNOTATION, "alb").build()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("aws service default/web: annotation gatehouse.dev/aws-load-balancer-type \"alb\" is unknown"
                        + " (expected: nlb or elb)");
        assertThat(aws.calls()).isEmpty();
    }
}
