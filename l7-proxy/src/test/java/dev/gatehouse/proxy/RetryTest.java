package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.RequestPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    void a_request_whose_endpoint_refuses_the_connection_is_sent_to_another_endpoint() throws IOException {
        try (TestUpstream working = TestUpstream.start("working"); ProxyFixture fixture = new ProxyFixture()) {
            int refusing = closedPort();
            fixture.proxy.apply(new Snapshots().route("r.example", "/", "r", refusing, working.port()).build(1));

            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = fixture.http.send(fixture.http.request("r.example", "/" + i)
                        .POST(HttpRequest.BodyPublishers.ofString("payload")).build());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Http.answeredBy(response)).isEqualTo("working");
            }
        }
    }

    @Test
    void an_idempotent_request_whose_connection_breaks_before_any_response_byte_goes_to_another_endpoint() {
        try (RawUpstream breaking = RawUpstream.start(socket -> RawUpstream.readHead(socket.getInputStream()));
             TestUpstream working = TestUpstream.start("working");
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("b.example", "/", "b", breaking.port(), working.port()).build(1));

            for (int i = 0; i < 6; i++) {
                assertThat(Http.answeredBy(fixture.http.get("b.example", "/" + i))).isEqualTo("working");
            }
            assertThat(breaking.connections()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void a_post_that_reached_an_endpoint_is_not_sent_again() {
        AtomicInteger received = new AtomicInteger();
        try (RawUpstream breaking = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            received.incrementAndGet();
        });
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("p.example", "/", "p", breaking.port()).build(1));

            HttpResponse<String> response = fixture.http.send(fixture.http.request("p.example", "/order")
                    .POST(HttpRequest.BodyPublishers.ofString("buy one")).build());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(received).hasValue(1);
        }
    }

    @Test
    void the_number_of_attempts_follows_the_route() throws IOException {
        try (TestUpstream working = TestUpstream.start("working"); ProxyFixture fixture = new ProxyFixture()) {
            int first = closedPort();
            int second = closedPort();
            fixture.proxy.apply(new Snapshots()
                    .route("one.example", "/", "one", new RequestPolicy(null, null, null, 1, 0), first, second, working.port())
                    .build(1));

            long failures = java.util.stream.IntStream.range(0, 9)
                    .filter(i -> fixture.http.get("one.example", "/" + i).statusCode() == 502).count();

            assertThat(failures).isEqualTo(6);
        }
    }

    @Test
    void with_one_connection_per_endpoint_concurrent_requests_wait_their_turn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestUpstream slow = TestUpstream.start("slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
             ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().eventLoopThreads(1).upstreamMaxConnections(1)
                     .upstreamConnectTimeout(java.time.Duration.ofSeconds(10)))) {
            fixture.proxy.apply(new Snapshots().route("q.example", "/", "q", slow.port()).build(1));

            CompletableFuture<?>[] requests = new CompletableFuture<?>[4];
            for (int i = 0; i < requests.length; i++) {
                int n = i;
                requests[i] = CompletableFuture.supplyAsync(() -> new Http(fixture.port()).get("q.example", "/" + n));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> slow.requests().size() == 1);
            release.countDown();
            CompletableFuture.allOf(requests).get(20, TimeUnit.SECONDS);

            assertThat(slow.requests()).hasSize(4);
            assertThat(slow.clientPorts()).hasSize(1);
        }
    }

    /**
     * A loopback port nobody listens on. Called after every server of the test is up, so no server can
     * be given the port after it was found free.
     */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
