package dev.gatehouse.controller.runtime;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on the leading edge of a burst of triggers and coalesces the rest: the first trigger after a
 * quiet period runs the action at once; triggers while it runs, or within the gap after it, all become one more
 * run when the gap has passed. The gap starts at {@code holdOff} and doubles for each run that follows another
 * without a quiet period, up to {@code maxHoldOff}, so a long storm of changes costs few rebuilds. A quiet period is
 * {@code holdOff} without a trigger and since the last run ended: the next trigger runs at once and resets the gap.
 * The action runs on the timer's thread, one run at a time.
 */
final class Debouncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Debouncer.class);

    private final long holdOffNanos;
    private final long maxHoldOffNanos;
    private final Runnable action;
    private final Timer timer;
    private long gapNanos;
    private long lastEnd;
    private long lastTrigger;
    private boolean ranOnce;
    private boolean running;
    private boolean scheduled;
    private boolean pending;

    Debouncer(String name, Duration holdOff, Duration maxHoldOff, Runnable action) {
        this(holdOff, maxHoldOff, action, Timer.thread("gatehouse-" + name));
    }

    Debouncer(Duration holdOff, Duration maxHoldOff, Runnable action, Timer timer) {
        if (holdOff.isNegative() || maxHoldOff.compareTo(holdOff) < 0) {
            throw new IllegalArgumentException("debounce hold-off " + holdOff + " and maximum hold-off " + maxHoldOff
                    + " must satisfy 0 <= hold-off <= maximum hold-off");
        }
        this.holdOffNanos = holdOff.toNanos();
        this.maxHoldOffNanos = maxHoldOff.toNanos();
        this.gapNanos = holdOffNanos;
        this.action = action;
        this.timer = timer;
    }

    /** Cheap enough to call for every event: it only notes the trigger, or hands one run to the timer. */
    public synchronized void trigger() {
        long now = timer.nanoTime();
        boolean quiet = !ranOnce || (now - lastTrigger >= holdOffNanos && now - lastEnd >= holdOffNanos);
        lastTrigger = now;
        pending = true;
        if (running || scheduled) {
            return;
        }
        scheduled = true;
        if (quiet) {
            gapNanos = holdOffNanos;
            timer.schedule(this::fire, 0);
        } else {
            timer.schedule(this::fire, Math.max(0, lastEnd + gapNanos - now));
            widenGap();
        }
    }

    /**
     * Triggers every {@code period} as well, so that what changes with time alone (a certificate
     * expiring) is noticed; an unchanged result publishes nothing, so this costs a translation.
     */
    public Debouncer triggerEvery(Duration period) {
        timer.schedule(() -> {
            trigger();
            triggerEvery(period);
        }, period.toNanos());
        return this;
    }

    private void fire() {
        synchronized (this) {
            scheduled = false;
            pending = false;
            running = true;
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("rebuild failed; the last good configuration keeps serving", e);
        } finally {
            afterRun();
        }
    }

    private synchronized void afterRun() {
        running = false;
        ranOnce = true;
        lastEnd = timer.nanoTime();
        if (pending) {
            scheduled = true;
            timer.schedule(this::fire, gapNanos);
            widenGap();
        }
    }

    private void widenGap() {
        gapNanos = Math.min(Math.max(gapNanos * 2, 1), maxHoldOffNanos);
    }

    @Override
    public void close() {
        timer.close();
    }
}
