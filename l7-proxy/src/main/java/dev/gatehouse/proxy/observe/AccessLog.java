package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.ProxySettings;
import io.netty.util.concurrent.FastThreadLocal;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request, as JSON or in the combined log format, formatted and written by a thread of its own so that
 * an event loop never formats, allocates or waits for a line. Each event loop records its requests into a
 * {@link LogRing} of reused entries; the writer comes round every few milliseconds, formats what every ring holds
 * into one buffer and writes it with one call. When the writer falls a whole ring behind, entries are dropped and
 * counted rather than memory growing or requests waiting.
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final AccessLog DISABLED = new AccessLog();
    /** Per event loop: at 50,000 requests a second, a third of a second of lines. */
    private static final int RING_CAPACITY = 16384;
    /** How long the writer rests after a light round: the longest a line waits before it is written. */
    private static final long REST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A round that took more than this from the rings goes round again at once. */
    private static final int BUSY_ROUND = RING_CAPACITY / 4;
    private static final int WRITE_BYTES = 256 * 1024;

    private final OutputStream out;
    private final CounterDataPoint dropped;
    private final LogLines lines;
    private final LineBuffer buffer = new LineBuffer();
    private final List<LogRing> rings = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<LogRing> ring = new FastThreadLocal<>() {
        @Override
        protected LogRing initialValue() {
            LogRing created = new LogRing(RING_CAPACITY);
            rings.add(created);
            return created;
        }
    };
    private final Thread writer;
    private volatile boolean closed;

    private AccessLog() {
        out = null;
        dropped = null;
        lines = null;
        writer = null;
    }

    private AccessLog(ProxySettings.AccessLogFormat format, OutputStream stream, CounterDataPoint dropped) {
        this.out = stream;
        this.dropped = dropped;
        this.lines = new LogLines(format);
        this.writer = new Thread(this::run, "gatehouse-access-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public static AccessLog create(ProxySettings.AccessLogFormat format, OutputStream stream, ProxyMetrics metrics) {
        return format == ProxySettings.AccessLogFormat.OFF ? DISABLED : new AccessLog(format, stream, metrics.accessLogDropped);
    }

    /** Whether entries are wanted at all; callers skip gathering their fields when not. */
    public boolean enabled() {
        return writer != null;
    }

    /**
     * The calling thread's next entry, to fill and publish before it claims another; null when the log is off or the
     * writer is a whole ring behind (the request is then counted as dropped). Never blocks.
     */
    public AccessLogEntry claim() {
        if (writer == null) {
            return null;
        }
        AccessLogEntry entry = ring.get().claim();
        if (entry == null) {
            dropped.inc();
        }
        return entry;
    }

    private void run() {
        while (true) {
            boolean last = closed;
            int taken = 0;
            for (LogRing each : rings) {
                taken += take(each);
            }
            write();
            if (last) {
                return;
            }
            if (taken < BUSY_ROUND) {
                LockSupport.parkNanos(this, REST_NANOS);
            }
        }
    }

    /** Formats what {@code from} holds and gives its slots back. */
    private int take(LogRing from) {
        long start = from.consumed();
        long end = from.published();
        for (long position = start; position < end; position++) {
            AccessLogEntry entry = from.at(position);
            try {
                lines.append(entry, buffer);
            } catch (RuntimeException e) {
                log.warn("an access-log line could not be formatted: {}", e.toString());
            }
            entry.clear();
            if (buffer.size() >= WRITE_BYTES) {
                write();
            }
        }
        from.consumedUpTo(end);
        return (int) (end - start);
    }

    private void write() {
        if (buffer.size() == 0) {
            return;
        }
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            log.warn("writing the access log failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
