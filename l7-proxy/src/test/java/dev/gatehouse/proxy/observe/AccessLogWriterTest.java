package dev.gatehouse.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.ProxySettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AccessLogWriterTest {

    @Test
    void everyEntryFromSeveralThreadsBecomesOneWholeJsonLineAndNoneIsLost() throws InterruptedException {
        ByteArrayOutputStream out = new Synchronized();
        ProxyMetrics metrics = new ProxyMetrics(new PrometheusRegistry());
        int perThread = 20_000;
        try (AccessLog log = AccessLog.create(ProxySettings.AccessLogFormat.JSON, out, metrics)) {
            Thread[] loops = new Thread[2];
            for (int t = 0; t < loops.length; t++) {
                String name = "loop-" + t;
                loops[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; ) {
                        AccessLogEntry entry = log.claim();
                        if (entry == null) {
                            // the writer is a ring behind: this test wants every line, so it waits where a proxy drops
                            Thread.onSpinWait();
                            continue;
                        }
                        entry.request(1_700_000_000_123L, name + "-" + i, "10.0.0.1", "GET", "/" + i, "HTTP/1.1", "h.example", null, null)
                                .publish("h.example", "r", null, 200, i, 0, 1_500_000, null);
                        i++;
                    }
                });
                loops[t].start();
            }
            for (Thread loop : loops) {
                loop.join();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> lines(out).size() == 2 * perThread);
        }
        List<String> lines = lines(out);
        assertThat(lines).allSatisfy(line -> assertThat(JsonMapper.shared().readValue(line, Map.class))
                .containsEntry("status", 200).containsEntry("time", "2023-11-14T22:13:20.123Z").containsEntry("duration_ms", 1.5));
        assertThat(lines.stream().map(line -> JsonMapper.shared().readValue(line, Map.class).get("request_id")).distinct())
                .hasSize(2 * perThread);
    }

    @Test
    void aWrittenEntryLetsGoOfTheRequestsValuesSoThatTheyDieYoung() {
        ByteArrayOutputStream out = new Synchronized();
        try (AccessLog log = AccessLog.create(ProxySettings.AccessLogFormat.JSON, out, new ProxyMetrics(new PrometheusRegistry()))) {
            AccessLogEntry entry = log.claim();
            entry.request(0, "id", "10.0.0.1", "GET", "/held", "HTTP/1.1", "h.example", "agent", "referer")
                    .publish("h.example", "r", "10.0.0.2:80", 200, 0, 0, 0, "trace");

            // the writer clears the entry before it writes the batch, which the synchronized stream then publishes
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(out).size() == 1);

            assertThat(lines(out).get(0)).contains("\"uri\":\"/held\"");
            assertThat(new Object[] {entry.requestId, entry.client, entry.method, entry.uri, entry.protocol, entry.host,
                    entry.userAgent, entry.referer, entry.virtualHost, entry.route, entry.upstream, entry.traceId}).containsOnlyNulls();
        }
    }

    @Test
    void whileTheOutputIsStuckAFullRingDropsAndCountsEntriesInsteadOfBlockingTheEventLoop() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        PrometheusRegistry registry = new PrometheusRegistry();
        try (AccessLog log = AccessLog.create(ProxySettings.AccessLogFormat.COMBINED, stuck, new ProxyMetrics(registry))) {
            int published = 0;
            int dropped = 0;
            for (int i = 0; i < 100_000; i++) {
                AccessLogEntry entry = log.claim();
                if (entry == null) {
                    dropped++;
                } else {
                    entry.request(0, "id", "10.0.0.1", "GET", "/", "HTTP/1.1", null, null, null)
                            .publish("*", "r", null, 200, 0, 0, 0, null);
                    published++;
                }
            }
            release.countDown();

            assertThat(published).isGreaterThan(0);
            assertThat(dropped).isGreaterThan(0);
            assertThat(droppedCount(registry)).isEqualTo(dropped);
        }
    }

    @Test
    void jsonFieldsEscapeQuotesBackslashesAndControlCharactersAndCarryOtherTextAsUtf8() {
        LineBuffer out = new LineBuffer();
        out.jsonString("a\"b\\c\r\n\u0001 caf\u00e9 \ud83d\ude00 \ud83d");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTo(out, bytes);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("\"a\\\"b\\\\c\\u000D\\u000A\\u0001 caf\u00e9 \ud83d\ude00 ?\"");
        assertThat(JsonMapper.shared().readValue(text, String.class)).isEqualTo("a\"b\\c\r\n\u0001 caf\u00e9 \ud83d\ude00 ?");
    }

    @Test
    void combinedFieldsEscapeEveryByteOutsidePrintableAsciiAsNginxDoes() {
        LineBuffer out = new LineBuffer();
        out.nginxEscaped("a\"b\\c\u00ff\u20ac\n").ascii(' ').nginxOrDash("").ascii(' ').nginxOrDash(null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTo(out, bytes);

        assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("a\\x22b\\x5Cc\\xFF\\xE2\\x82\\xAC\\x0A - -");
    }

    @Test
    void numbersAndThousandthsAreWrittenWithoutFormattingStrings() {
        LineBuffer out = new LineBuffer();
        out.number(0).ascii(' ').number(-42).ascii(' ').number(Long.MIN_VALUE).ascii(' ').thousandths(1_005).ascii(' ').thousandths(7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTo(out, bytes);

        assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("0 -42 -9223372036854775808 1.005 0.007");
    }

    private static void writeTo(LineBuffer buffer, OutputStream out) {
        try {
            buffer.writeTo(out);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).toList();
    }

    private static long droppedCount(PrometheusRegistry registry) {
        return registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("gatehouse_access_log_dropped"))
                .map(m -> (CounterSnapshot) m).flatMap(c -> c.getDataPoints().stream()).mapToLong(p -> (long) p.getValue()).sum();
    }

    /** Lines are appended by the writer thread and read by the test's. */
    private static final class Synchronized extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
        }

        @Override
        public synchronized String toString(java.nio.charset.Charset charset) {
            return super.toString(charset);
        }
    }
}
