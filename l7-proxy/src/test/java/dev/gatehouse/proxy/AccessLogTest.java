package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AccessLogTest {

    @Test
    void each_request_is_one_json_line_with_host_route_upstream_status_bytes_duration_and_request_id() {
        ByteArrayOutputStream log = new SynchronizedBuffer();
        try (TestUpstream web = TestUpstream.start("web");
             ProxyServer proxy = start(ProxySettings.AccessLogFormat.JSON, log)) {
            proxy.apply(new Snapshots().route("web.example", "/", "web", web.port()).build(1));
            Http http = new Http(proxy.httpAddress().getPort());
            http.send(http.request("web.example", "/page?q=1").header("X-Request-ID", "req-1").header("User-Agent", "tester").GET().build());
            http.get("nowhere.example", "/missing");

            List<String> lines = awaitLines(log, 2);
            Map<String, Object> forwarded = json(lines.get(0));
            Map<String, Object> local = json(lines.get(1));

            assertThat(forwarded).containsEntry("request_id", "req-1").containsEntry("method", "GET")
                    .containsEntry("uri", "/page?q=1").containsEntry("host", "web.example")
                    .containsEntry("virtual_host", "web.example").containsEntry("route", "test/web:/")
                    .containsEntry("upstream", "127.0.0.1:" + web.port()).containsEntry("status", 200)
                    .containsEntry("client", "127.0.0.1").containsEntry("user_agent", "tester")
                    .containsEntry("protocol", "HTTP/1.1").containsKeys("time", "duration_ms", "bytes_sent");
            assertThat(((Number) forwarded.get("bytes_sent")).intValue()).isPositive();
            assertThat(local).containsEntry("status", 404).containsEntry("route", "default-backend")
                    .containsEntry("upstream", null);
            assertThat((String) local.get("request_id")).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void the_combined_format_starts_like_nginx_and_adds_duration_upstream_request_id_and_route() {
        ByteArrayOutputStream log = new SynchronizedBuffer();
        try (TestUpstream web = TestUpstream.start("web");
             ProxyServer proxy = start(ProxySettings.AccessLogFormat.COMBINED, log)) {
            proxy.apply(new Snapshots().route("web.example", "/", "web", web.port()).build(1));
            Http http = new Http(proxy.httpAddress().getPort());
            http.send(http.request("web.example", "/x").header("X-Request-ID", "req-2").header("Referer", "https://ref.example/")
                    .header("User-Agent", "tester").GET().build());

            String line = awaitLines(log, 1).get(0);

            assertThat(line).matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /x HTTP/1\\.1\" 200 \\d+ \"https://ref\\.example/\" \"tester\" "
                    + "\\d+\\.\\d{3} 127\\.0\\.0\\.1:" + web.port() + " req-2 \"test/web:/\"");
        }
    }

    @Test
    void a_combined_line_escapes_what_the_client_sent_so_no_field_can_be_forged() throws IOException {
        ByteArrayOutputStream log = new SynchronizedBuffer();
        try (RecordingUpstream web = new RecordingUpstream();
             ProxyServer proxy = start(ProxySettings.AccessLogFormat.COMBINED, log);
             RawClient client = new RawClient(proxy.httpAddress().getPort())) {
            proxy.apply(new Snapshots().route("web.example", "/", "web", web.port()).build(1));
            client.send("GET /a\"b\\c HTTP/1.1\r\nHost: web.example\r\nX-Request-ID: id\" 200 0 \"-\" \"forged\r\n"
                    + "User-Agent: ua\u00ff\"x\r\nConnection: close\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");

            String line = awaitLines(log, 1).get(0);

            assertThat(line).contains("\"GET /a\\x22b\\x5Cc HTTP/1.1\"")
                    .contains("\"ua\\xFF\\x22x\"")
                    .contains(" id\\x22 200 0 \\x22-\\x22 \\x22forged \"test/web:/\"");
        }
    }

    @Test
    void with_the_access_log_off_nothing_is_written() {
        ByteArrayOutputStream log = new SynchronizedBuffer();
        try (TestUpstream web = TestUpstream.start("web");
             ProxyServer proxy = start(ProxySettings.AccessLogFormat.OFF, log)) {
            proxy.apply(new Snapshots().route("web.example", "/", "web", web.port()).build(1));
            assertThat(new Http(proxy.httpAddress().getPort()).get("web.example", "/").statusCode()).isEqualTo(200);
        }
        assertThat(log.size()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String line) {
        return JsonMapper.shared().readValue(line, Map.class);
    }

    private static ProxyServer start(ProxySettings.AccessLogFormat format, OutputStream log) {
        return HttpProxy.start(ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0).accessLog(format).build(),
                new PrometheusRegistry(), log);
    }

    private static List<String> awaitLines(ByteArrayOutputStream log, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> lines(log).size() >= count);
        return lines(log);
    }

    private static List<String> lines(ByteArrayOutputStream log) {
        String text = log.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).filter(line -> !line.isBlank()).toList();
    }

    /** The access log writes from its own thread while the test reads. */
    private static final class SynchronizedBuffer extends ByteArrayOutputStream {
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
