package dev.gatehouse.controller.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Where a {@link Debouncer} reads the time and runs its tasks: one thread in production, a hand-driven clock in tests. */
interface Timer extends AutoCloseable {

    long nanoTime();

    /** Runs {@code task} once, {@code delayNanos} from now, after the tasks already due. */
    void schedule(Runnable task, long delayNanos);

    @Override
    void close();

    /** A daemon thread of that name running one task at a time, on {@link System#nanoTime()}. */
    static Timer thread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        return new Timer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Runnable task, long delayNanos) {
                try {
                    executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // closed: triggers after the routing stopped have nothing left to rebuild
                }
            }

            @Override
            public void close() {
                executor.shutdownNow();
                try {
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
