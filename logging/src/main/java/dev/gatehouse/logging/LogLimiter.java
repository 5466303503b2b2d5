package dev.gatehouse.logging;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines for events a peer can cause, so that no peer behaviour writes more than a bounded number of lines:
 * per reason, the first occurrence is logged; the others in the same interval are only counted, and the count is
 * logged as one summary line once the interval is over (at the next occurrence, or by the periodic
 * {@link #flush()}). The reasons must come from a fixed set (never a client's address or input), since each keeps
 * its count.
 */
public final class LogLimiter {

    private static final Set<LogLimiter> SCHEDULED = ConcurrentHashMap.newKeySet();
    private static volatile ScheduledExecutorService flusher;

    private final Logger logger;
    private final Level level;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * A limiter whose clock and flushing the caller drives (tests); {@link #perMinute} for everything else.
     *
     * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
     */
    public LogLimiter(Logger logger, Level level, Duration interval, LongSupplier nanoTime) {
        this.logger = logger;
        this.level = level;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The first occurrence per reason each minute, then the count; summaries are flushed by a daemon thread. */
    public static LogLimiter perMinute(Logger logger, Level level) {
        LogLimiter limiter = new LogLimiter(logger, level, Duration.ofMinutes(1), System::nanoTime);
        SCHEDULED.add(limiter);
        startFlusher();
        return limiter;
    }

    /**
     * Logs {@code format} with {@code arguments} (SLF4J style) if it is the first occurrence of {@code reason} in
     * this interval, else counts it. The line carries {@code reason} as a structured field.
     */
    public void log(String reason, String format, Object... arguments) {
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        Window window = windows.computeIfAbsent(reason, key -> new Window());
        long now = nanoTime.getAsLong();
        long unreported;
        synchronized (window) {
            if (window.open && now - window.started < intervalNanos) {
                window.suppressed++;
                return;
            }
            unreported = window.open ? window.suppressed : 0;
            window.open = true;
            window.started = now;
            window.suppressed = 0;
        }
        summarize(reason, unreported);
        logger.atLevel(level).addKeyValue("reason", reason).log(format + " (further ones are counted and summarized every "
                + seconds() + " s)", arguments);
    }

    /** Logs the count of each reason whose interval is over, so that the last burst is reported even if none follows. */
    public void flush() {
        long now = nanoTime.getAsLong();
        windows.forEach((reason, window) -> {
            long unreported;
            synchronized (window) {
                if (!window.open || now - window.started < intervalNanos) {
                    return;
                }
                unreported = window.suppressed;
                window.open = false;
                window.suppressed = 0;
            }
            summarize(reason, unreported);
        });
    }

    private void summarize(String reason, long count) {
        if (count > 0) {
            logger.atLevel(level).addKeyValue("reason", reason).addKeyValue("count", count)
                    .log("{} more of \"{}\" in the last {} s", count, reason, seconds());
        }
    }

    private long seconds() {
        return TimeUnit.NANOSECONDS.toSeconds(intervalNanos);
    }

    private static void startFlusher() {
        if (flusher != null) {
            return;
        }
        synchronized (LogLimiter.class) {
            if (flusher == null) {
                ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "gatehouse-log-summaries");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.scheduleWithFixedDelay(() -> SCHEDULED.forEach(LogLimiter::flush), 10, 10, TimeUnit.SECONDS);
                flusher = executor;
            }
        }
    }

    private static final class Window {
        boolean open;
        long started;
        long suppressed;
    }
}
