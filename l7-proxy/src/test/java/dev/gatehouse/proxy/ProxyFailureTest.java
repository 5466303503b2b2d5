package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyFailureTest {

    @Test
    void a_refused_upstream_connection_is_answered_502() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture()) {
            // found free after the proxy's own listeners are up, so none of them can take it
            int closedPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                closedPort = probe.getLocalPort();
            }
            fixture.proxy.apply(new Snapshots().route("down.example", "/", "down", closedPort).build(1));

            HttpResponse<String> response = fixture.http.get("down.example", "/");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("502 Bad Gateway: could not connect to the upstream\n");
        }
    }

    @Test
    void a_cluster_without_ready_endpoints_is_answered_503() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("empty.example", "/", "empty").build(1));

            HttpResponse<String> response = fixture.http.get("empty.example", "/");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("503 Service Unavailable: no ready endpoint for this route\n");
        }
    }

    @Test
    void a_silent_upstream_is_answered_504_after_the_read_timeout() {
        CountDownLatch release = new CountDownLatch(1);
        try (RawUpstream silent = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            awaitQuietly(release);
        });
             ProxyFixture fixture = ProxyFixture.withReadTimeout(Duration.ofMillis(300))) {
            fixture.proxy.apply(new Snapshots().route("slow.example", "/", "slow", silent.port()).build(1));

            long start = System.nanoTime();
            HttpResponse<String> response = fixture.http.get("slow.example", "/");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).isEqualTo("504 Gateway Timeout: the upstream did not answer in time\n");
            assertThat(elapsedMillis).isBetween(250L, 5_000L);
        } finally {
            release.countDown();
        }
    }

    @Test
    void an_upstream_that_dies_mid_response_closes_the_client_connection_instead_of_hanging() {
        try (RawUpstream dying = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoLinger(true, 0);
        });
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("dying.example", "/", "dying", dying.port()).build(1));

            assertThatThrownBy(() -> fixture.http.get("dying.example", "/"))
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void an_upstream_that_closes_before_responding_is_answered_502() {
        try (RawUpstream closing = RawUpstream.start(socket -> RawUpstream.readHead(socket.getInputStream()));
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("closing.example", "/", "closing", closing.port()).build(1));

            HttpResponse<String> response = fixture.http.get("closing.example", "/");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("502 Bad Gateway: the upstream closed the connection before responding\n");
        }
    }

    @Test
    void a_pooled_connection_the_upstream_closed_is_replaced_without_the_client_noticing() {
        // Answers one request per connection and then closes it, without saying so in a header.
        try (RawUpstream oneShot = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        });
             ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().eventLoopThreads(1))) {
            fixture.proxy.apply(new Snapshots().route("oneshot.example", "/", "oneshot", oneShot.port()).build(1));

            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = fixture.http.get("oneshot.example", "/" + i);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
            }
            assertThat(oneShot.connections()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void a_malformed_request_is_answered_400_and_the_connection_closed() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(); RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().build(1));
            client.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 400 Bad Request");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void an_oversized_header_block_is_answered_431() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxHeaderSize(1024));
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().build(1));
            client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 431 Request Header Fields Too Large");
        }
    }

    @Test
    void a_request_line_that_is_too_long_is_answered_414() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxInitialLineLength(256));
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().build(1));
            client.send("GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 414 ");
        }
    }

    @Test
    void expect_100_continue_is_answered_once_the_upstream_connection_is_ready() throws IOException {
        try (TestUpstream echo = TestUpstream.start("echo");
             ProxyFixture fixture = new ProxyFixture();
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("echo.example", "/", "echo", echo.port()).build(1));
            client.send("POST /upload HTTP/1.1\r\nHost: echo.example\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");

            assertThat(client.readHead()).startsWith("HTTP/1.1 100 Continue");
            client.send("hello");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("body-bytes: 5")
                    .doesNotContain("header.expect");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
