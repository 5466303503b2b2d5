package dev.gatehouse.cloudsdk;

import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Retries by azure-core's {@code RetryPolicy}: a {@code Retry-After} (or {@code retry-after-ms},
 * {@code x-ms-retry-after-ms}) header is waited out as given; otherwise the wait grows exponentially
 * from {@code baseDelay}, with jitter, up to {@code maxDelay}.
 *
 * @param maxRetries retries per request after the first attempt
 */
public record AzureRetry(int maxRetries, Duration baseDelay, Duration maxDelay) {

    public AzureRetry {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("azure retry: maxRetries " + maxRetries + " must not be negative");
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("azure retry: baseDelay " + baseDelay + " must be positive");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "azure retry: maxDelay " + maxDelay + " must be at least baseDelay " + baseDelay);
        }
    }

    /** azure-core's own defaults for management clients. */
    public static AzureRetry defaults() {
        return new AzureRetry(3, Duration.ofMillis(800), Duration.ofSeconds(8));
    }

    /**
     * The policy without a fixed header name honours every retry header Azure sends, and backs off
     * exponentially otherwise. It retries 408, 429 and 5xx (but 501 and 505), never 412: a conflict is for
     * the caller to read again.
     */
    public RetryPolicy policy() {
        return new RetryPolicy(new ExponentialBackoff(new ExponentialBackoffOptions()
                .setMaxRetries(maxRetries).setBaseDelay(baseDelay).setMaxDelay(maxDelay)));
    }
}
