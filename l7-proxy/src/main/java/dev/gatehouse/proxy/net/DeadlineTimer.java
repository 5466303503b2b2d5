package dev.gatehouse.proxy.net;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer per client connection, shared by the exchanges that follow each other on it. Arming for a
 * later deadline than the one already scheduled costs nothing; the timer fires at the earliest
 * deadline, calls whoever armed it last, and that one re-arms if its own deadline is still ahead. So a
 * keep-alive connection schedules a task about once per timeout period, not once per request.
 * Used on the connection's event loop only.
 */
public final class DeadlineTimer implements Runnable {

    private final EventExecutor executor;
    private ScheduledFuture<?> scheduled;
    private long scheduledFor;
    private Runnable target;

    public DeadlineTimer(EventExecutor executor) {
        this.executor = executor;
    }

    /** Calls {@code check} at or after {@code deadline} ({@link System#nanoTime()} based), unless disarmed first. */
    public void arm(long deadline, Runnable check) {
        target = check;
        if (scheduled == null || deadline - scheduledFor < 0) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            scheduledFor = deadline;
            scheduled = executor.schedule(this, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** {@code check} no longer wants to be called; the scheduled task stays and finds nothing to do. */
    public void disarm(Runnable check) {
        if (target == check) {
            target = null;
        }
    }

    /** Stops for good (the connection closed). */
    public void cancel() {
        target = null;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    @Override
    public void run() {
        scheduled = null;
        Runnable check = target;
        if (check != null) {
            check.run();
        }
    }
}
