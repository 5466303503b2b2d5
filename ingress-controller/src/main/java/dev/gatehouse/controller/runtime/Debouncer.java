package dev.gatehouse.controller.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action once after a burst of triggers: {@code holdOff} after the last trigger, but never later
 * than {@code maxHoldOff} after the first one, so a steady stream of changes still gets published. The
 * action runs on the debouncer's own thread, one run at a time; a trigger during a run schedules another.
 */
final class Debouncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Debouncer.class);
    private static final long IDLE = Long.MIN_VALUE;

    private final long holdOffNanos;
    private final long maxHoldOffNanos;
    private final Runnable action;
    private final ScheduledExecutorService executor;
    private long firstTrigger = IDLE;
    private long lastTrigger;

    Debouncer(String name, Duration holdOff, Duration maxHoldOff, Runnable action) {
        if (holdOff.isNegative() || maxHoldOff.compareTo(holdOff) < 0) {
            throw new IllegalArgumentException("debounce hold-off " + holdOff + " and maximum hold-off " + maxHoldOff
                    + " must satisfy 0 <= hold-off <= maximum hold-off");
        }
        this.holdOffNanos = holdOff.toNanos();
        this.maxHoldOffNanos = maxHoldOff.toNanos();
        this.action = action;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Cheap enough to call for every event: the first trigger of a burst schedules, the others only note the time. */
    public synchronized void trigger() {
        lastTrigger = System.nanoTime();
        if (firstTrigger == IDLE) {
            firstTrigger = lastTrigger;
            executor.schedule(this::fire, holdOffNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Triggers every {@code period} as well, so that what changes with time alone (a certificate
     * expiring) is noticed; an unchanged result publishes nothing, so this costs a translation.
     */
    public Debouncer triggerEvery(Duration period) {
        executor.scheduleWithFixedDelay(this::trigger, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    private void fire() {
        synchronized (this) {
            long due = Math.min(lastTrigger + holdOffNanos, firstTrigger + maxHoldOffNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                executor.schedule(this::fire, wait, TimeUnit.NANOSECONDS);
                return;
            }
            firstTrigger = IDLE;
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("rebuild failed; the last good configuration keeps serving", e);
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
}
