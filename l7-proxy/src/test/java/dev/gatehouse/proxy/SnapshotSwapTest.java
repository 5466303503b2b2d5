package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SnapshotSwapTest {

    @Test
    void a_request_in_flight_finishes_on_the_snapshot_it_started_with() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestUpstream old = TestUpstream.start("old", exchange -> {
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "from old".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
             TestUpstream fresh = TestUpstream.start("new");
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("app.example", "/", "old", old.port()).build(1));
            CompletableFuture<HttpResponse<String>> inFlight =
                    CompletableFuture.supplyAsync(() -> fixture.http.get("app.example", "/slow"));
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

            fixture.proxy.apply(new Snapshots().route("app.example", "/", "new", fresh.port()).build(2));
            HttpResponse<String> after = fixture.http.get("app.example", "/fast");
            release.countDown();

            assertThat(Http.answeredBy(after)).isEqualTo("new");
            HttpResponse<String> slow = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(slow.statusCode()).isEqualTo(200);
            assertThat(slow.body()).isEqualTo("from old");
        }
    }

    @Test
    void a_keep_alive_client_connection_survives_a_snapshot_swap() throws IOException {
        try (TestUpstream first = TestUpstream.start("first");
             TestUpstream second = TestUpstream.start("second");
             ProxyFixture fixture = new ProxyFixture();
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("app.example", "/", "first", first.port()).build(1));
            client.send("GET /1 HTTP/1.1\r\nHost: app.example\r\n\r\n");
            assertThat(client.readResponse()).contains("upstream: first");

            fixture.proxy.apply(new Snapshots().route("app.example", "/", "second", second.port()).build(2));
            client.send("GET /2 HTTP/1.1\r\nHost: app.example\r\n\r\n");

            assertThat(client.readResponse()).contains("upstream: second");
            assertThat(fixture.proxy.snapshot().version()).isEqualTo(2);
        }
    }
}
