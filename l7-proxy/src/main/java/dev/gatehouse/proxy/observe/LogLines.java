package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.ProxySettings;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An {@link AccessLogEntry} as a line: JSON, or nginx's combined format followed by the duration, upstream, request
 * ID, route and trace ID. Used by the writer thread only; the formatted second of the time stamp is kept, since
 * consecutive lines mostly share it.
 */
final class LogLines {

    private static final DateTimeFormatter ISO_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter COMBINED_SECOND =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final boolean json;
    private final DateTimeFormatter secondFormat;
    private long second = Long.MIN_VALUE;
    private String formattedSecond;

    LogLines(ProxySettings.AccessLogFormat format) {
        this.json = format == ProxySettings.AccessLogFormat.JSON;
        this.secondFormat = json ? ISO_SECOND : COMBINED_SECOND;
    }

    void append(AccessLogEntry e, LineBuffer out) {
        if (json) {
            json(e, out);
        } else {
            combined(e, out);
        }
        out.ascii('\n');
    }

    private void json(AccessLogEntry e, LineBuffer out) {
        out.ascii("{\"time\":\"").ascii(second(e.startMillis)).ascii('.');
        long millis = Math.floorMod(e.startMillis, 1000L);
        out.ascii((char) ('0' + millis / 100)).ascii((char) ('0' + millis / 10 % 10)).ascii((char) ('0' + millis % 10)).ascii("Z\"");
        out.ascii(",\"request_id\":").jsonString(e.requestId);
        out.ascii(",\"client\":").jsonString(e.client);
        out.ascii(",\"method\":").jsonString(e.method);
        out.ascii(",\"uri\":").jsonString(e.uri);
        out.ascii(",\"protocol\":").jsonString(e.protocol);
        out.ascii(",\"host\":").jsonString(e.host);
        out.ascii(",\"virtual_host\":").jsonString(e.virtualHost);
        out.ascii(",\"route\":").jsonString(e.route);
        out.ascii(",\"upstream\":").jsonString(e.upstream == null ? null : e.upstream.toString());
        out.ascii(",\"status\":").number(e.status);
        out.ascii(",\"bytes_sent\":").number(e.bytesSent);
        out.ascii(",\"bytes_received\":").number(e.bytesReceived);
        out.ascii(",\"duration_ms\":").thousandths(e.durationNanos / 1_000);
        out.ascii(",\"user_agent\":").jsonString(e.userAgent);
        out.ascii(",\"referer\":").jsonString(e.referer);
        if (e.traceId != null) {
            out.ascii(",\"trace_id\":").jsonString(e.traceId);
        }
        out.ascii('}');
    }

    private void combined(AccessLogEntry e, LineBuffer out) {
        out.nginxOrDash(e.client).ascii(" - - [").ascii(second(e.startMillis)).ascii("] \"");
        out.nginxEscaped(e.method).ascii(' ').nginxEscaped(e.uri).ascii(' ').nginxEscaped(e.protocol).ascii("\" ");
        out.number(e.status).ascii(' ').number(e.bytesSent).ascii(" \"").nginxOrDash(e.referer).ascii("\" \"");
        out.nginxOrDash(e.userAgent).ascii("\" ").thousandths(e.durationNanos / 1_000_000).ascii(' ');
        out.nginxOrDash(e.upstream == null ? null : e.upstream.toString()).ascii(' ').nginxOrDash(e.requestId);
        out.ascii(" \"").nginxEscaped(e.route).ascii('"');
        if (e.traceId != null) {
            out.ascii(' ').nginxEscaped(e.traceId);
        }
    }

    private String second(long millis) {
        long s = Math.floorDiv(millis, 1000L);
        if (s != second) {
            second = s;
            formattedSecond = secondFormat.format(Instant.ofEpochSecond(s));
        }
        return formattedSecond;
    }
}
