package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.filter.RequestMirror;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.Mirror;
import dev.gatehouse.routing.RequestFilters;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
            // a request with a small body is copied: by the time its copy is in, that of the large one would have been
            fixture.http.send(fixture.http.request("shop.example", "/small").POST(HttpRequest.BodyPublishers.ofString("x")).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> !shadow.requests().isEmpty());
            assertThat(shadow.requests()).singleElement().satisfies(copy -> assertThat(copy).containsEntry("uri", "/small"));
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
        // Answers each copy with a chunked body that never ends, a chunk a second for every copy held, so that no copy
        // ends, not even by the mirror's read timeout, however long the requests take.
        List<OutputStream> held = new CopyOnWriteArrayList<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (RawUpstream hung = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            synchronized (out) {
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            held.add(out);
            socket.getInputStream().readAllBytes();
        })) {
            ticker.scheduleWithFixedDelay(() -> held.forEach(RequestMirrorTest::chunk), 1, 1, TimeUnit.SECONDS);
            mirrorTo("http://127.0.0.1:" + hung.port() + "$request_uri", false);

            for (int i = 0; i < RequestMirror.MAX_IN_FLIGHT + 10; i++) {
                assertThat(Http.answeredBy(fixture.http.get("shop.example", "/" + i))).isEqualTo("web");
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> hung.connections() == RequestMirror.MAX_IN_FLIGHT);
            assertThat(dropped("busy")).isEqualTo(10);
        } finally {
            ticker.shutdownNow();
        }
    }

    /** One more piece of a body that never ends; a copy the proxy has closed meanwhile is left alone. */
    private static void chunk(OutputStream out) {
        try {
            synchronized (out) {
                out.write("1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException closed) {
            // the proxy closed this copy: there is nothing more to send it
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
