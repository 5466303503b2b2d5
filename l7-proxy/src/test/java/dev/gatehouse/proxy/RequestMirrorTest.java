package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.Mirror;
import dev.gatehouse.routing.RequestFilters;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mirrored copies through a real proxy: bounded in flight and in body size, and dropped rather than waited for. */
class RequestMirrorTest {

    private TestUpstream web;
    private ProxyFixture fixture;

    @BeforeEach
    void start() {
        web = TestUpstream.start("web");
        fixture = new ProxyFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
        web.close();
    }

    @Test
    void a_body_streamed_in_pieces_is_copied_whole() {
        try (TestUpstream shadow = TestUpstream.start("shadow")) {
            mirrorTo("http://127.0.0.1:" + shadow.port() + "/shadow$request_uri", true);
            byte[] body = new byte[200 * 1024];
            java.util.Arrays.fill(body, (byte) 'x');

            HttpResponse<String> response = fixture.http.send(fixture.http.request("shop.example", "/upload")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());

            assertThat(Echo.parse(response.body())).containsEntry("body-bytes", Integer.toString(body.length));
            await().atMost(Duration.ofSeconds(10)).until(() -> !shadow.requests().isEmpty());
            assertThat(shadow.requests().get(0)).containsEntry("method", "POST").containsEntry("uri", "/shadow/upload")
                    .containsEntry("body-bytes", Integer.toString(body.length));
        }
    }

    @Test
    void a_body_over_the_copy_limit_is_not_mirrored_and_is_counted() {
        try (TestUpstream shadow = TestUpstream.start("shadow")) {
            mirrorTo("http://127.0.0.1:" + shadow.port() + "$request_uri", true);

            HttpResponse<String> response = fixture.http.send(fixture.http.request("shop.example", "/large")
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(RequestMirror.MAX_BODY_BYTES + 1))).build());

            assertThat(Echo.parse(response.body())).containsEntry("body-bytes", Integer.toString(RequestMirror.MAX_BODY_BYTES + 1));
            assertThat(dropped("too_large")).isEqualTo(1);
            assertThat(shadow.requests()).isEmpty();
        }
    }

    @Test
    void a_copy_to_a_target_that_is_down_is_counted_as_failed() throws IOException {
        int down;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = closed.getLocalPort();
        }
        mirrorTo("http://127.0.0.1:" + down + "$request_uri", false);

        assertThat(Http.answeredBy(fixture.http.get("shop.example", "/"))).isEqualTo("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> dropped("failed") == 1);
    }

    @Test
    void beyond_the_copies_in_flight_a_copy_is_dropped_and_counted_while_every_client_is_answered() {
        // reads each copy and never answers, so that copies stay in flight
        try (RawUpstream hung = RawUpstream.start(socket -> socket.getInputStream().readAllBytes())) {
            mirrorTo("http://127.0.0.1:" + hung.port() + "$request_uri", false);

            for (int i = 0; i < RequestMirror.MAX_IN_FLIGHT + 10; i++) {
                assertThat(Http.answeredBy(fixture.http.get("shop.example", "/" + i))).isEqualTo("web");
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> hung.connections() == RequestMirror.MAX_IN_FLIGHT);
            assertThat(dropped("busy")).isEqualTo(10);
        }
    }

    private void mirrorTo(String target, boolean body) {
        fixture.proxy.apply(new Snapshots().filtered("shop.example", "/", "web",
                RequestFilters.NONE.withMirror(new Mirror(target, body, null)), web.port()).build(1));
    }

    private double dropped(String reason) {
        for (MetricSnapshot metric : fixture.registry.scrape()) {
            if (metric instanceof CounterSnapshot counter && counter.getMetadata().getName().equals("gatehouse_mirror_dropped")) {
                return counter.getDataPoints().stream().filter(point -> reason.equals(point.getLabels().get("reason")))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }
}
