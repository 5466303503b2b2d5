package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void shutdown_turns_readiness_off_refuses_new_connections_after_the_drain_delay_and_lets_requests_in_flight_finish()
            throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestUpstream slow = TestUpstream.start("slow", exchange -> {
            arrived.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "finished".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        })) {
            ProxyFixture fixture = new ProxyFixture();
            int port = fixture.port();
            Http admin = new Http(fixture.proxy.adminAddress().getPort());
            fixture.proxy.apply(new Snapshots().route("", "/", "slow", slow.port()).build(1));
            RawClient idle = new RawClient(port);
            CompletableFuture<HttpResponse<String>> inFlight =
                    CompletableFuture.supplyAsync(() -> new Http(port).get("app.example", "/long"));
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(
                    () -> fixture.proxy.shutdown(Duration.ofMillis(500), Duration.ofSeconds(20)));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                HttpResponse<String> ready = admin.get(null, "/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).isEqualTo("not ready: shutting down\n");
            });
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                            .isInstanceOf(ConnectException.class));
            assertThat(idle.closedByPeer()).isTrue();
            assertThat(shutdown).isNotDone();

            release.countDown();

            HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("finished");
            assertThat(response.headers().firstValue("connection")).hasValue("close");
            shutdown.get(10, TimeUnit.SECONDS);
            idle.close();
        }
    }

    @Test
    void shutdown_closes_what_is_left_at_the_deadline() throws IOException {
        try (TestUpstream hanging = TestUpstream.start("hanging", exchange -> {
            try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            ProxyFixture fixture = new ProxyFixture();
            fixture.proxy.apply(new Snapshots().route("", "/", "hanging", hanging.port()).build(1));
            RawClient client = new RawClient(fixture.port());
            client.send("GET /never HTTP/1.1\r\nHost: app.example\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> hanging.requests().size() == 1);

            long start = System.nanoTime();
            fixture.proxy.shutdown(Duration.ofMillis(100), Duration.ofMillis(500));

            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 5_000L);
            assertThat(client.closedByPeer()).isTrue();
            client.close();
        }
    }
}
