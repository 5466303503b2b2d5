package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.proxy.testing.WebSocketEchoServer;
import dev.gatehouse.routing.RateLimit;
import dev.gatehouse.routing.RequestFilters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits through real sockets: the status from the model, a zone shared by its routes and kept across snapshots,
 * and requests in flight released however the request ends. The rates are per minute, so no refill happens while a
 * test runs.
 */
class RateLimitProxyTest {

    private static final String REFUSED = "too many requests from this client address; try again shortly";

    private TestUpstream echo;
    private TestUpstream held;
    private CountDownLatch release;

    @BeforeEach
    void start() {
        echo = TestUpstream.start("echo");
        release = new CountDownLatch(1);
        held = TestUpstream.start("held", this::answerWhenReleased);
    }

    @AfterEach
    void stop() {
        release.countDown();
        echo.close();
        held.close();
    }

    @Test
    void beyond_the_burst_a_request_gets_the_status_of_the_model_without_reaching_the_upstream() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web", limited(perMinute("default/web", 2, 429)),
                    echo.port()).build(1));

            List<Integer> statuses = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> fixture.http.get("web.example", "/" + i).statusCode()).toList();
            HttpResponse<String> refused = fixture.http.get("web.example", "/again");

            assertThat(statuses).containsExactly(200, 200, 200, 429);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).isEqualTo("429 Too Many Requests: " + REFUSED + "\n");
            assertThat(echo.requests()).hasSize(3);
        }
    }

    @Test
    void the_routes_of_one_zone_share_their_counts_and_another_zone_counts_alone() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .filtered("a.example", "/", "a", limited(perMinute("default/web", 1, 503)), echo.port())
                    .filtered("b.example", "/", "b", limited(perMinute("default/web", 1, 503)), echo.port())
                    .filtered("c.example", "/", "c", limited(perMinute("default/other", 1, 503)), echo.port())
                    .build(1));

            assertThat(fixture.http.get("a.example", "/").statusCode()).isEqualTo(200);
            assertThat(fixture.http.get("b.example", "/").statusCode()).isEqualTo(200);
            assertThat(fixture.http.get("a.example", "/").statusCode()).isEqualTo(503);
            assertThat(fixture.http.get("b.example", "/").statusCode()).isEqualTo(503);
            assertThat(fixture.http.get("c.example", "/").statusCode()).isEqualTo(200);
            assertThat(fixture.http.get("c.example", "/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_snapshot_with_the_same_limit_keeps_the_counts_and_a_changed_limit_starts_afresh() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RateLimit limit = perMinute("default/web", 1, 503);
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web", limited(limit), echo.port()).build(1));
            fixture.http.get("web.example", "/");
            fixture.http.get("web.example", "/");

            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web", limited(limit), echo.port())
                    .route("other.example", "/", "other", echo.port()).build(2));
            int kept = fixture.http.get("web.example", "/").statusCode();
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web", limited(perMinute("default/web", 2, 503)),
                    echo.port()).build(3));
            int changed = fixture.http.get("web.example", "/").statusCode();

            assertThat(kept).isEqualTo(503);
            assertThat(changed).isEqualTo(200);
        }
    }

    @Test
    void requests_in_flight_beyond_limit_connections_are_refused_until_one_is_answered() throws Exception {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "held", limited(connections(2)), held.port()).build(1));

            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> fixture.http.get("web.example", "/slow/1"));
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> fixture.http.get("web.example", "/slow/2"));
            await().atMost(Duration.ofSeconds(10)).until(() -> held.requests().size() == 2);
            HttpResponse<String> third = fixture.http.get("web.example", "/slow/3");
            release.countDown();

            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.body()).contains(REFUSED);
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(fixture.http.get("web.example", "/slow/4").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_request_that_ends_in_an_upstream_error_or_a_local_answer_gives_its_place_back() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RequestFilters allowNobody = new RequestFilters(List.of("192.0.2.0/24"), null, null, null, null).withRateLimit(connections(1));
            fixture.proxy.apply(new Snapshots()
                    .filtered("dead.example", "/", "dead", limited(connections(1)), closedPort())
                    .filtered("closed.example", "/", "closed", allowNobody, echo.port())
                    .build(1));

            HttpResponse<String> failed = fixture.http.get("dead.example", "/");
            HttpResponse<String> failedAgain = fixture.http.get("dead.example", "/");
            int forbidden = fixture.http.get("closed.example", "/").statusCode();
            int forbiddenAgain = fixture.http.get("closed.example", "/").statusCode();

            assertThat(failed.statusCode()).isBetween(502, 504);
            assertThat(failedAgain.statusCode()).isBetween(502, 504);
            assertThat(failedAgain.body()).doesNotContain(REFUSED);
            assertThat(List.of(forbidden, forbiddenAgain)).containsExactly(403, 403);
        }
    }

    @Test
    void a_client_that_goes_away_with_its_request_in_flight_gives_its_place_back() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "held", limited(connections(1)), held.port()).build(1));
            try (RawClient client = new RawClient(fixture.port())) {
                client.send("GET /slow HTTP/1.1\r\nHost: web.example\r\n\r\n");
                await().atMost(Duration.ofSeconds(10)).until(() -> held.requests().size() == 1);
                assertThat(fixture.http.get("web.example", "/fast").statusCode()).isEqualTo(503);
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(fixture.http.get("web.example", "/fast").statusCode()).isEqualTo(200));
        }
    }

    @Test
    void a_tunnel_holds_its_place_until_it_closes() throws Exception {
        try (WebSocketEchoServer server = new WebSocketEchoServer(); ProxyFixture fixture = new ProxyFixture()) {
            RequestFilters filters = limited(connections(1));
            fixture.proxy.apply(new Snapshots().filtered("", "/ws", "ws", filters, server.port())
                    .filtered("", "/", "echo", filters, echo.port()).build(1));
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + fixture.port() + "/ws"), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS);

            HttpResponse<String> meanwhile = fixture.http.get(null, "/plain");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

            assertThat(meanwhile.statusCode()).isEqualTo(503);
            assertThat(meanwhile.body()).contains(REFUSED);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Http.answeredBy(fixture.http.get(null, "/plain"))).isEqualTo("echo"));
        }
    }

    private void answerWhenReleased(HttpExchange exchange) throws IOException {
        try {
            if (exchange.getRequestURI().getPath().startsWith("/slow")) {
                release.await(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "done".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static RateLimit perMinute(String zone, int rate, int status) {
        return new RateLimit(zone, 0, rate, 0, 1, List.of(), status, 503, false);
    }

    private static RateLimit connections(int limit) {
        return new RateLimit("default/web", 0, 0, limit, 5, List.of(), 503, 503, false);
    }

    private static RequestFilters limited(RateLimit limit) {
        return RequestFilters.NONE.withRateLimit(limit);
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
