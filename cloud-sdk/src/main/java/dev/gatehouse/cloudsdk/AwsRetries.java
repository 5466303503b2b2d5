package dev.gatehouse.cloudsdk;

import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK's standard retry strategy (5xx, I/O errors and AWS's transient codes) with our attempts and
 * backoff, and the throttling codes an API answers with named explicitly, whatever HTTP status carries
 * them (ELB sends {@code Throttling} with 400, EC2 {@code RequestLimitExceeded} with 503, Route 53
 * {@code PriorRequestNotComplete}), so that each waits the longer throttling backoff.
 */
public final class AwsRetries {

    private AwsRetries() {
    }

    public static RetryStrategy strategy(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay,
                                         Duration maxBackoff, Set<String> throttlingCodes) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxBackoff))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBaseDelay, maxBackoff))
                .retryOnException(failure -> isThrottling(failure, throttlingCodes))
                .treatAsThrottling(failure -> isThrottling(failure, throttlingCodes))
                .build();
    }

    static boolean isThrottling(Throwable failure, Set<String> codes) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null && codes.contains(aws.awsErrorDetails().errorCode())) {
            return true;
        }
        return failure instanceof SdkServiceException service && service.isThrottlingException();
    }
}
