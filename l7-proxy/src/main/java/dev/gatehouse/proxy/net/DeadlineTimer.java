package dev.gatehouse.proxy.net;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One timer per client connection, shared by everything on it that waits for a deadline: the exchanges that follow
 * each other on an HTTP/1 connection, and the streams side by side on an HTTP/2 one (their exchanges and stall
 * checks). Each caller arms its own deadline; one task is scheduled for the earliest, and arming for a later
 * deadline than the one scheduled costs nothing. When it fires, the callers whose deadline passed are called (each
 * re-arms if its own state says the deadline moved on) and the task is scheduled again for the earliest left. So a
 * keep-alive connection schedules a task about once per timeout period, and an HTTP/2 connection once per period
 * for all its streams, not once per request or stream. Used on the connection's event loop only.
 */
public final class DeadlineTimer implements Runnable {

    private final EventExecutor executor;
    private ScheduledFuture<?> scheduled;
    private long scheduledFor;
    private Runnable[] checks = new Runnable[2];
    private long[] deadlines = new long[2];
    private int armed;

    public DeadlineTimer(EventExecutor executor) {
        this.executor = executor;
    }

    /**
     * Calls {@code check} at or after {@code deadline} ({@link System#nanoTime()} based), unless disarmed first;
     * arming the same check again replaces its deadline.
     */
    public void arm(long deadline, Runnable check) {
        int at = indexOf(check);
        if (at < 0) {
            if (armed == checks.length) {
                checks = Arrays.copyOf(checks, armed * 2);
                deadlines = Arrays.copyOf(deadlines, armed * 2);
            }
            at = armed++;
            checks[at] = check;
        }
        deadlines[at] = deadline;
        if (scheduled == null || deadline - scheduledFor < 0) {
            schedule(deadline);
        }
    }

    /** {@code check} no longer wants to be called; a scheduled task stays and finds nothing to do. */
    public void disarm(Runnable check) {
        int at = indexOf(check);
        if (at >= 0) {
            removeAt(at);
        }
    }

    /** Stops for good (the connection closed). */
    public void cancel() {
        Arrays.fill(checks, 0, armed, null);
        armed = 0;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    @Override
    public void run() {
        scheduled = null;
        long now = System.nanoTime();
        Runnable[] due = null;
        int dueCount = 0;
        for (int i = armed - 1; i >= 0; i--) {
            if (deadlines[i] - now <= 0) {
                if (due == null) {
                    due = new Runnable[armed];
                }
                due[dueCount++] = checks[i];
                removeAt(i);
            }
        }
        // called after the list is settled: a check may arm again (itself or another), which schedules as usual
        for (int i = 0; i < dueCount; i++) {
            due[i].run();
        }
        if (scheduled == null && armed > 0) {
            long earliest = deadlines[0];
            for (int i = 1; i < armed; i++) {
                if (deadlines[i] - earliest < 0) {
                    earliest = deadlines[i];
                }
            }
            schedule(earliest);
        }
    }

    private void schedule(long deadline) {
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduledFor = deadline;
        scheduled = executor.schedule(this, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private int indexOf(Runnable check) {
        for (int i = 0; i < armed; i++) {
            if (checks[i] == check) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int at) {
        armed--;
        checks[at] = checks[armed];
        deadlines[at] = deadlines[armed];
        checks[armed] = null;
    }
}
