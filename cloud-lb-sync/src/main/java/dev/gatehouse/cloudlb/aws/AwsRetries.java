package dev.gatehouse.cloudlb.aws;

import java.util.Set;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK retry strategy of the three clients: the SDK's standard strategy (5xx, I/O errors and AWS's
 * transient codes) with our attempts and backoff, and the throttling codes these APIs answer with named
 * explicitly, whatever HTTP status carries them (ELB and ELBv2 send {@code Throttling} with 400, EC2 sends
 * {@code RequestLimitExceeded} with 503), so that each waits the longer throttling backoff.
 */
final class AwsRetries {

    private static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "DependencyThrottle",
            "PriorRequestNotComplete");

    private AwsRetries() {
    }

    static RetryStrategy strategy(AwsSettings.Retries retries) {
        return dev.gatehouse.cloudsdk.AwsRetries.strategy(retries.maxAttempts(), retries.baseDelay(),
                retries.throttlingBaseDelay(), retries.maxBackoff(), THROTTLING_CODES);
    }
}
