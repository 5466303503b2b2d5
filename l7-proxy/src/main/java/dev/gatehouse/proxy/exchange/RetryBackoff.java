package dev.gatehouse.proxy.exchange;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The wait before an attempt after the first, when the route asks for one (Gateway API's {@code retry.backoff}): the
 * attempt is scheduled on the client connection's event loop, so nothing blocks and it runs where the exchange lives.
 * The attempt's deadlines are off meanwhile (no upstream can be late); they are armed again when it starts, and a limit
 * on the whole exchange that passed during the wait fires then.
 */
final class RetryBackoff {

    private final EventExecutor executor;
    private final long nanos;

    /** @param backoff the wait, or null for none */
    RetryBackoff(EventExecutor executor, Duration backoff) {
        this.executor = executor;
        this.nanos = backoff == null ? 0 : backoff.toNanos();
    }

    /** Runs {@code attempt} now, or after the wait unless the exchange {@code ended} meanwhile. */
    void then(Runnable attempt, BooleanSupplier ended, ExchangeDeadlines deadlines) {
        if (nanos == 0) {
            attempt.run();
            return;
        }
        deadlines.cancel();
        executor.schedule(() -> {
            if (!ended.getAsBoolean()) {
                attempt.run();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }
}
