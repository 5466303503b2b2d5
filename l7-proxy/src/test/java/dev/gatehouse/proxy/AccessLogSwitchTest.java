package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A route whose filters turn the access log off ({@code enable-access-log: "false"}) is not written to it; others are. */
class AccessLogSwitchTest {

    @Test
    void the_requests_of_a_route_without_access_log_are_not_written_whatever_answers_them() {
        ByteArrayOutputStream log = new SynchronizedBuffer();
        RequestFilters quiet = RequestFilters.NONE.withAccessLog(false);
        try (TestUpstream web = TestUpstream.start("web");
             ProxyServer proxy = HttpProxy.start(ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0)
                     .accessLog(ProxySettings.AccessLogFormat.JSON).build(), new PrometheusRegistry(), log)) {
            proxy.apply(new Snapshots()
                    .filtered("quiet.example", "/", "web", quiet, web.port())
                    .filtered("quiet-closed.example", "/", "closed", new RequestFilters(List.of("10.0.0.0/8"), null, null, null, null)
                            .withAccessLog(false), web.port())
                    .route("quiet-empty.example", "/", "empty", RequestPolicy.DEFAULTS,
                            quiet.withErrorPages(new ErrorPages(null, Set.of(503), "quiet")))
                    .route("loud.example", "/", "loud", web.port())
                    .build(1));
            Http http = new Http(proxy.httpAddress().getPort());

            assertThat(http.get("quiet.example", "/forwarded").statusCode()).isEqualTo(200);
            assertThat(http.get("quiet-closed.example", "/refused").statusCode()).isEqualTo(403);
            assertThat(http.get("quiet-empty.example", "/unavailable").statusCode()).isEqualTo(503);
            assertThat(http.get("loud.example", "/logged").statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).until(() -> lines(log).stream().anyMatch(line -> line.contains("/logged")));
            assertThat(lines(log)).hasSize(1);
        }
    }

    @Test
    void the_page_of_a_custom_error_is_logged_once_as_the_clients_request() {
        ByteArrayOutputStream log = new SynchronizedBuffer();
        try (TestUpstream web = TestUpstream.start("web", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
             TestUpstream errors = TestUpstream.start("errors");
             ProxyServer proxy = HttpProxy.start(ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0)
                     .accessLog(ProxySettings.AccessLogFormat.JSON).build(), new PrometheusRegistry(), log)) {
            proxy.apply(new Snapshots()
                    .filtered("shop.example", "/", "web", RequestFilters.NONE.withErrorPages(
                            new ErrorPages(new ClusterName("test", "errors", "80"), Set.of(404), "shop")), web.port())
                    .route("errors.example", "/", "errors", errors.port())
                    .route("loud.example", "/", "loud", web.port())
                    .build(1));
            Http http = new Http(proxy.httpAddress().getPort());

            assertThat(Http.answeredBy(http.get("shop.example", "/missing"))).isEqualTo("errors");
            // lines are written in request order: once the later request's line is in, any second line of the page would be too
            http.get("loud.example", "/sentinel");

            await().atMost(Duration.ofSeconds(10)).until(() -> lines(log).stream().anyMatch(line -> line.contains("/sentinel")));
            assertThat(lines(log)).hasSize(2);
            assertThat(lines(log).get(1)).contains("\"uri\":\"/sentinel\"");
            assertThat(lines(log).get(0)).contains("\"method\":\"GET\"", "\"uri\":\"/missing\"", "\"host\":\"shop.example\"",
                    "\"upstream\":\"127.0.0.1:" + errors.port() + "\"", "\"status\":200");
        }
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
        public synchronized String toString(Charset charset) {
            return super.toString(charset);
        }
    }
}
