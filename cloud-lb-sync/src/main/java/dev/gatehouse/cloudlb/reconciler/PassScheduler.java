package dev.gatehouse.cloudlb.reconciler;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs passes one at a time on the {@code gatehouse-lb} thread: a change asks for one after the hold-off (a
 * burst of node updates makes one pass), and each pass says when the next is due (a retry, or the resync).
 */
final class PassScheduler implements AutoCloseable {

    private final Duration holdOff;
    private final Duration resync;
    private final Supplier<Duration> pass;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> next;
    private boolean passPending;

    /** @param pass runs one pass and returns the wait until the next */
    PassScheduler(Duration holdOff, Duration resync, Supplier<Duration> pass) {
        this.holdOff = holdOff;
        this.resync = resync;
        this.pass = pass;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-lb");
            thread.setDaemon(true);
            return thread;
        });
    }

    synchronized void trigger() {
        if (passPending) {
            return;
        }
        passPending = true;
        schedule(holdOff);
    }

    private void run() {
        synchronized (this) {
            passPending = false;
            next = null;
        }
        // a pass that failed unexpectedly is tried again at the resync, not in a tight loop
        Duration wait = resync;
        try {
            wait = pass.get();
        } finally {
            schedule(wait);
        }
    }

    private void schedule(Duration delay) {
        synchronized (this) {
            if (next != null && !next.isDone() && next.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            try {
                next = executor.schedule(this::run, Math.max(delay.toMillis(), 0), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closing: no next pass
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
