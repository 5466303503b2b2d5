package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudsdk.AwsRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsSettingsTest {

    @Test
    void theRegionIsRequired() {
        assertThatThrownBy(() -> AwsSettings.builder().credentials(AnonymousCredentialsProvider.create()).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("aws settings: region is required");
    }

    @Test
    void defaultsAreAwsEndpointsNetworkLoadBalancersAndBoundedCalls() {
        AwsSettings settings = AwsSettings.builder().region(Region.EU_WEST_1)
                .credentials(AnonymousCredentialsProvider.create()).build();

        assertThat(settings.elbv2Endpoint()).isEmpty();
        assertThat(settings.elbEndpoint()).isEmpty();
        assertThat(settings.ec2Endpoint()).isEmpty();
        assertThat(settings.defaultType()).isEqualTo(AwsSettings.LoadBalancerType.NLB);
        assertThat(settings.apiCallTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.retries()).isEqualTo(AwsSettings.defaultRetries());
    }

    @Test
    void anAttemptMayNotOutlastTheWholeCall() {
        assertThatThrownBy(() -> AwsSettings.builder().region(Region.EU_WEST_1)
                .credentials(AnonymousCredentialsProvider.create())
                .apiCallTimeout(Duration.ofSeconds(5)).apiCallAttemptTimeout(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("aws settings: apiCallAttemptTimeout PT10S must not exceed apiCallTimeout PT5S");
    }

    @Test
    void retriesNeedAnAttemptAndPositiveDelays() {
        assertThatThrownBy(() -> new AwsRetries(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessage("aws retries: maxAttempts 0 must be at least 1");
        assertThatThrownBy(() -> new AwsRetries(3, Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessage("aws retries: baseDelay PT0S must be positive");
    }

    @Test
    void theLoadBalancerTypeReadsNlbAndElbInAnyCase() {
        assertThat(AwsSettings.LoadBalancerType.parse(" NLB ")).isEqualTo(AwsSettings.LoadBalancerType.NLB);
        assertThat(AwsSettings.LoadBalancerType.parse("elb")).isEqualTo(AwsSettings.LoadBalancerType.ELB);
        assertThatThrownBy(() -> AwsSettings.LoadBalancerType.parse("alb"))
                .hasMessage("aws load balancer type \"alb\" is unknown (expected: nlb or elb)");
    }
}
