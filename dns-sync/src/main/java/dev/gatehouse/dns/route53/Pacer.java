package dev.gatehouse.dns.route53;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces requests evenly so that they stay below a rate: Route 53 counts requests per account, and a burst
 * from one reconcile would be throttled and slow down every other client of the account too. Each caller
 * takes the next free slot and waits for it, outside the lock.
 */
final class Pacer {

    /** Waits; tests give a fake one that moves a fake clock instead. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long nextSlot;
    private boolean started;

    Pacer(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("pacer: rate " + perSecond + " must be positive");
        }
        this.intervalNanos = (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    static Pacer perSecond(double perSecond) {
        return new Pacer(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Returns when the caller may send its request; throws if interrupted while waiting. */
    void awaitTurn() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            // nanoTime values only compare by difference, so "not started" cannot be a sentinel value.
            long slot = !started || now - nextSlot > 0 ? now : nextSlot;
            started = true;
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }
}
