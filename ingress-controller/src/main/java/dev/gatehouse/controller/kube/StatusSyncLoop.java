package dev.gatehouse.controller.kube;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The thread a status writer syncs on: any number of triggers while a sync is pending make one sync, and a sync that
 * could not write everything is triggered again after a backoff (1 s, doubling, at most a minute).
 */
final class StatusSyncLoop implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofMinutes(1);

    private final ScheduledExecutorService executor;
    private final BooleanSupplier sync;
    private final AtomicBoolean pending = new AtomicBoolean();
    private Duration retry = FIRST_RETRY;

    /** @param sync writes what differs; false when some write failed and should be tried again */
    StatusSyncLoop(String threadName, BooleanSupplier sync) {
        this.sync = sync;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Something changed: sync soon, once for many triggers. */
    void trigger() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(this::run);
        }
    }

    private void run() {
        pending.set(false);
        if (sync.getAsBoolean()) {
            retry = FIRST_RETRY;
        } else {
            executor.schedule(this::trigger, retry.toMillis(), TimeUnit.MILLISECONDS);
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
