package dev.gatehouse.controller.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": after the n-th failure in a row, a wait between half and all
 * of {@code first * 2^(n-1)}, at most {@code max}, so that replicas and Secrets that failed together do
 * not retry together.
 */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random numbers in [0, 1) */
    public Backoff(Duration first, Duration max, DoubleSupplier random) {
        this.first = first;
        this.max = max;
        this.random = random;
    }

    public Duration after(int failures) {
        long ceiling = first.toMillis() << Math.min(Math.max(failures - 1, 0), 30);
        long bounded = Math.min(ceiling <= 0 ? Long.MAX_VALUE : ceiling, max.toMillis());
        return Duration.ofMillis(bounded / 2 + (long) (random.getAsDouble() * (bounded - bounded / 2)));
    }
}
