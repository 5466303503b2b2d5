package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.AwsQueryFake;
import dev.gatehouse.cloudsdk.AwsRetries;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The shared AWS fake with this module's clients pointed at it: the settings and providers are
 * package-private here, so the library in cloud-sdk's test-jar cannot build them.
 */
final class FakeAws extends AwsQueryFake {

    /** Settings that reach this server for all three APIs, with test credentials and backoff of a millisecond. */
    AwsSettings.Builder settings() {
        return AwsSettings.builder()
                .region(REGION)
                .endpoint(endpoint())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-test")))
                .apiCallTimeout(Duration.ofSeconds(10))
                .apiCallAttemptTimeout(Duration.ofSeconds(5))
                .retries(new AwsRetries(4, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    AwsProviders providers() {
        return AwsProviders.create(settings().build());
    }
}
