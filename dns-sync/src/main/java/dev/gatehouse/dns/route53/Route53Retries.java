package dev.gatehouse.dns.route53;

import dev.gatehouse.cloudsdk.AwsRetries;
import java.util.Set;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK retry strategy for Route 53: the SDK's standard strategy (which already retries 5xx, I/O errors
 * and AWS's throttling and transient error codes) with our attempts and backoff, and Route 53's
 * {@code PriorRequestNotComplete} treated as throttling, which is what it is: the previous change of the
 * zone is still being applied, so the next attempt should wait as long as after {@code Throttling}.
 */
final class Route53Retries {

    private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "PriorRequestNotComplete");

    private Route53Retries() {
    }

    static RetryStrategy strategy(Route53Settings.Retries retries) {
        return AwsRetries.strategy(retries.maxAttempts(), retries.baseDelay(), retries.throttlingBaseDelay(),
                retries.maxBackoff(), THROTTLING_CODES);
    }
}
