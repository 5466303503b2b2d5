package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.ProxySettings;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * One line per request, as JSON or in the combined log format, written by a thread of its own so that an
 * event loop never waits on output. Lines go through a bounded queue; when the writer falls that far
 * behind, lines are dropped and counted rather than memory growing or requests waiting.
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final int CAPACITY = 65536;
    private static final AccessLog DISABLED = new AccessLog();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final DateTimeFormatter COMBINED_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final ProxySettings.AccessLogFormat format;
    private final BlockingQueue<AccessLogRecord> queue;
    private final Writer out;
    private final CounterDataPoint dropped;
    private final Thread writer;
    private final JsonFactory json = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private volatile boolean closed;

    private AccessLog() {
        format = ProxySettings.AccessLogFormat.OFF;
        queue = null;
        out = null;
        dropped = null;
        writer = null;
    }

    private AccessLog(ProxySettings.AccessLogFormat format, OutputStream stream, CounterDataPoint dropped) {
        this.format = format;
        this.queue = new ArrayBlockingQueue<>(CAPACITY);
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 65536);
        this.dropped = dropped;
        this.writer = new Thread(this::drain, "gatehouse-access-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public static AccessLog create(ProxySettings.AccessLogFormat format, OutputStream stream, ProxyMetrics metrics) {
        return format == ProxySettings.AccessLogFormat.OFF ? DISABLED : new AccessLog(format, stream, metrics.accessLogDropped);
    }

    /** Whether records are wanted at all; callers skip building them when not. */
    public boolean enabled() {
        return queue != null;
    }

    /** Queues a record without ever blocking. */
    public void log(AccessLogRecord record) {
        if (queue != null && !queue.offer(record)) {
            dropped.inc();
        }
    }

    private void drain() {
        while (!closed || !queue.isEmpty()) {
            try {
                AccessLogRecord record = queue.poll(200, TimeUnit.MILLISECONDS);
                if (record == null) {
                    continue;
                }
                write(record);
                AccessLogRecord next;
                while ((next = queue.poll()) != null) {
                    write(next);
                }
                out.flush();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("writing the access log failed: {}", e.toString());
            }
        }
    }

    private void write(AccessLogRecord r) throws IOException {
        if (format == ProxySettings.AccessLogFormat.JSON) {
            try (JsonGenerator g = json.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringProperty("time", Instant.ofEpochMilli(r.startMillis()).toString());
                g.writeStringProperty("request_id", r.requestId());
                g.writeStringProperty("client", r.client());
                g.writeStringProperty("method", r.method());
                g.writeStringProperty("uri", r.uri());
                g.writeStringProperty("protocol", r.protocol());
                g.writeStringProperty("host", r.host());
                g.writeStringProperty("virtual_host", r.virtualHost());
                g.writeStringProperty("route", r.route());
                g.writeStringProperty("upstream", r.upstream());
                g.writeNumberProperty("status", r.status());
                g.writeNumberProperty("bytes_sent", r.bytesSent());
                g.writeNumberProperty("bytes_received", r.bytesReceived());
                g.writeNumberProperty("duration_ms", r.durationNanos() / 1_000_000.0);
                g.writeStringProperty("user_agent", r.userAgent());
                g.writeStringProperty("referer", r.referer());
                if (r.traceId() != null) {
                    g.writeStringProperty("trace_id", r.traceId());
                }
                g.writeEndObject();
            }
        } else {
            out.write(dash(r.client()) + " - - [" + COMBINED_TIME.format(Instant.ofEpochMilli(r.startMillis())) + "] \""
                    + escape(r.method()) + " " + escape(r.uri()) + " " + escape(r.protocol()) + "\" " + r.status() + " "
                    + r.bytesSent() + " \"" + dash(r.referer()) + "\" \"" + dash(r.userAgent()) + "\" "
                    + String.format(Locale.ROOT, "%.3f", r.durationNanos() / 1e9) + " " + dash(r.upstream()) + " "
                    + dash(r.requestId()) + " \"" + escape(r.route()) + "\"" + (r.traceId() == null ? "" : " " + r.traceId()));
        }
        out.write('\n');
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : escape(value);
    }

    /**
     * A field of a combined line as nginx writes it ({@code escape=default}): a quote, a backslash, and every byte
     * outside printable ASCII become {@code \xHH}, so that no value a client sends can end its field, start a
     * line or pass for another field.
     */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        int i = 0;
        while (i < value.length() && printable(value.charAt(i))) {
            i++;
        }
        if (i == value.length()) {
            return value;
        }
        StringBuilder escaped = new StringBuilder(value.length() + 16).append(value, 0, i);
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (printable(c)) {
                escaped.append(c);
            } else if (c <= 0xff) {
                // the codec read each byte of the request as one character: this is the byte the client sent
                hex(escaped, c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    hex(escaped, b & 0xff);
                }
            }
        }
        return escaped.toString();
    }

    private static void hex(StringBuilder to, int octet) {
        to.append("\\x").append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
    }

    private static boolean printable(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        closed = true;
        try {
            writer.join(2000);
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("flushing the access log failed: {}", e.toString());
        }
    }
}
