package dev.gatehouse.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class Route53SettingsTest {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-test"));

    @Test
    void defaultsToTheGlobalEndpointEveryZoneAndRoute53sLimits() {
        Route53Settings settings = Route53Settings.builder().credentials(CREDENTIALS).build();

        assertThat(settings.endpointOverride()).isEmpty();
        assertThat(settings.region()).isEqualTo(Region.AWS_GLOBAL);
        assertThat(settings.domainFilter()).isEmpty();
        assertThat(settings.zoneIdFilter()).isEmpty();
        assertThat(settings.zoneType()).isEqualTo(Route53Settings.ZoneType.ANY);
        assertThat(settings.waitForChange()).isFalse();
        assertThat(settings.requestsPerSecond()).isEqualTo(4);
        assertThat(settings.maxRecordsPerBatch()).isEqualTo(1000);
        assertThat(settings.maxValueCharsPerBatch()).isEqualTo(32_000);
        assertThat(settings.retries()).isEqualTo(Route53Settings.defaultRetries());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, 5, 10})
    void refusesARateThatRoute53WouldThrottle(double perSecond) {
        assertThatThrownBy(() -> Route53Settings.builder().credentials(CREDENTIALS).requestsPerSecond(perSecond).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("route53 settings: requestsPerSecond " + perSecond + " must be above 0 and below 5");
    }

    @Test
    void refusesBatchLimitsAboveRoute53s() {
        assertThatThrownBy(() -> Route53Settings.builder().credentials(CREDENTIALS).maxRecordsPerBatch(1001).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route53 settings: maxRecordsPerBatch 1001 must be between 1 and 1000");
        assertThatThrownBy(() -> Route53Settings.builder().credentials(CREDENTIALS).maxValueCharsPerBatch(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route53 settings: maxValueCharsPerBatch 0 must be between 1 and 32000");
    }
}
