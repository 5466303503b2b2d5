package dev.gatehouse.proxy.balance;

import dev.gatehouse.proxy.observe.RollingWindow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health of one endpoint within one cluster. It outlives snapshots (the same object is handed to the
 * next snapshot that lists the pair), so a swap neither forgets an ejection nor restarts health checks.
 *
 * <p>Written from several event loops (passive results) and the health-check loop (active results);
 * every field is atomic or volatile, and a hot request path that changes nothing writes nothing.
 */
public final class MemberHealth {

    private volatile boolean activeHealthy = true;
    private volatile long ejectedUntil = Long.MIN_VALUE;
    private volatile long lastEjectionEnd = Long.MIN_VALUE;
    private final AtomicInteger consecutiveErrors = new AtomicInteger();
    private final AtomicInteger ejections = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private int checkSuccesses;
    private volatile RollingWindow window;
    private volatile LastCheck lastCheck;
    private int checkFailures;

    /** Whether requests may go here: not failing its active check, not ejected. */
    public boolean available(long now) {
        return activeHealthy && isPast(now, ejectedUntil);
    }

    boolean activeHealthy() {
        return activeHealthy;
    }

    boolean ejected(long now) {
        return !isPast(now, ejectedUntil);
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void ended() {
        inFlight.decrementAndGet();
    }

    /** A request got a non-5xx answer. */
    void succeeded() {
        window().success();
        if (consecutiveErrors.get() != 0) {
            consecutiveErrors.set(0);
        }
    }

    /** A request got a 5xx or its connection failed; returns the number of errors in a row. */
    int failed() {
        window().failure();
        return consecutiveErrors.incrementAndGet();
    }

    /**
     * Takes the endpoint out until {@code now + base * n} (at most {@code max}), n counting this
     * ejection; an endpoint that stayed in for {@code max} since its last ejection starts again at 1.
     */
    void eject(long now, long baseNanos, long maxNanos) {
        if (lastEjectionEnd != Long.MIN_VALUE && now - lastEjectionEnd > maxNanos) {
            ejections.set(0);
        }
        long duration = Math.min(baseNanos * ejections.incrementAndGet(), maxNanos);
        ejectedUntil = now + duration;
        lastEjectionEnd = now + duration;
        consecutiveErrors.set(0);
    }

    /** One active check result; called only from the health-check loop. Returns whether the state changed. */
    boolean checked(boolean success, int healthyThreshold, int unhealthyThreshold) {
        if (success) {
            checkFailures = 0;
            checkSuccesses++;
            if (!activeHealthy && checkSuccesses >= healthyThreshold) {
                activeHealthy = true;
                return true;
            }
        } else {
            checkSuccesses = 0;
            checkFailures++;
            if (activeHealthy && checkFailures >= unhealthyThreshold) {
                activeHealthy = false;
                return true;
            }
        }
        return false;
    }

    /** The last active check's outcome, for the dashboard; called only from the health-check loop. */
    public void lastCheck(boolean success, String detail, long epochMillis) {
        lastCheck = new LastCheck(success, detail, epochMillis);
    }

    /** The last active check, or null before the first or without checks. */
    public LastCheck lastCheck() {
        return lastCheck;
    }

    /** How much longer outlier detection keeps the endpoint out, in nanoseconds; 0 when it is in. */
    public long ejectedFor(long now) {
        long until = ejectedUntil;
        return isPast(now, until) ? 0 : until - now;
    }

    void latency(long nanos) {
        window().latency(nanos);
    }

    /** The last minute of this endpoint in this cluster, or null before its first request. */
    public RollingWindow.Summary lastMinute() {
        RollingWindow current = window;
        return current == null ? null : current.summary();
    }

    private RollingWindow window() {
        RollingWindow current = window;
        if (current == null) {
            // created on first use: an endpoint without traffic costs no window; a racing second one loses a few counts
            current = new RollingWindow();
            window = current;
        }
        return current;
    }

    /** One active check's result: whether it passed, what it saw, and when (epoch milliseconds). */
    public record LastCheck(boolean success, String detail, long epochMillis) {
    }

    /** For /routes: healthy, unhealthy (active check) or ejected (outlier detection). */
    public String state(long now) {
        if (!activeHealthy) {
            return "unhealthy";
        }
        return ejected(now) ? "ejected" : "healthy";
    }

    private static boolean isPast(long now, long deadline) {
        return deadline == Long.MIN_VALUE || now - deadline >= 0;
    }
}
