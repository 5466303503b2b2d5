package dev.gatehouse.cloudsdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Retries of throttled and failed (5xx, I/O) AWS calls, with exponential backoff and full jitter, done by the
 * SDK's standard retry strategy. The throttling codes the APIs answer with are named explicitly, whatever HTTP
 * status carries them (ELB and ELBv2 send {@code Throttling} with 400, EC2 {@code RequestLimitExceeded} with
 * 503, Route 53 {@code PriorRequestNotComplete} with 400 while the zone's previous change is being applied), so
 * that each waits the longer throttling backoff.
 *
 * @param maxAttempts attempts per call, the first included
 * @param baseDelay backoff base after an error that is not throttling
 * @param throttlingBaseDelay backoff base after throttling, longer because the account's budget is spent
 * @param maxBackoff the longest single wait
 */
public record AwsRetries(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxBackoff) {

    private static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "DependencyThrottle",
            "PriorRequestNotComplete");

    public AwsRetries {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("aws retries: maxAttempts " + maxAttempts + " must be at least 1");
        }
        requirePositive("baseDelay", baseDelay);
        requirePositive("throttlingBaseDelay", throttlingBaseDelay);
        requirePositive("maxBackoff", maxBackoff);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("aws retries: " + name + " " + value + " must be positive");
        }
    }

    public RetryStrategy strategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxBackoff))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBaseDelay, maxBackoff))
                .retryOnException(AwsRetries::isThrottling)
                .treatAsThrottling(AwsRetries::isThrottling)
                .build();
    }

    static boolean isThrottling(Throwable failure) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null
                && THROTTLING_CODES.contains(aws.awsErrorDetails().errorCode())) {
            return true;
        }
        return failure instanceof SdkServiceException service && service.isThrottlingException();
    }
}
