package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.proxy.filter.ExternalAuthClient;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.ExternalAuth;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * External auth through a real proxy and a real auth service: the connection waits for the answer without
 * blocking, in order, and a client that leaves meanwhile is not forwarded; unreadable access control is a 503; an
 * answer that never ends is a 500 at the answer timeout.
 */
class ExternalAuthTest {

    private static final AtomicInteger asked = new AtomicInteger();
    private static final CountDownLatch held = new CountDownLatch(1);
    private static TestUpstream echo;
    private static TestUpstream auth;
    private static RawUpstream stalling;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        echo = TestUpstream.start("echo");
        auth = TestUpstream.start("auth", exchange -> {
            asked.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/hold")) {
                try {
                    held.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String original = exchange.getRequestHeaders().getFirst("X-Original-URL");
            int status = original != null && original.contains("/denied") ? 403 : 200;
            exchange.getResponseHeaders().set("X-User", "alice");
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // an answer's head at once, then a body that stops short of its Content-Length until the proxy gives up on it
        stalling = RawUpstream.start(socket -> {
            InputStream in = socket.getInputStream();
            RawUpstream.readHead(in);
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            in.transferTo(java.io.OutputStream.nullOutputStream());
        });
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .filtered("ext.example", "/", "ext", filters("/check"), echo.port())
                .filtered("hold.example", "/", "hold", filters("/hold"), echo.port())
                .filtered("locked.example", "/", "locked", new RequestFilters(List.of(), BasicAuth.unreadable("Staff"), null, null,
                        null).withExternalAuth(external("/check")), echo.port())
                .filtered("cache.example", "/allowed", "cached-allowed", cachedFilters(), echo.port())
                .filtered("cache.example", "/denied", "cached-denied", cachedFilters(), echo.port())
                .filtered("other-cache.example", "/", "cached-other", cachedFilters(), echo.port())
                .filtered("stalled.example", "/", "stalled", new RequestFilters(List.of(), null, null, null, null)
                        .withExternalAuth(external(stalling.port(), "/check")), echo.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        held.countDown();
        fixture.close();
        echo.close();
        auth.close();
        stalling.close();
    }

    @Test
    void pipelined_requests_behind_external_auth_are_answered_in_order_with_their_bodies() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /p1 HTTP/1.1\r\nHost: ext.example\r\n\r\n"
                    + "POST /p2 HTTP/1.1\r\nHost: ext.example\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /denied HTTP/1.1\r\nHost: ext.example\r\n\r\n"
                    + "GET /p4 HTTP/1.1\r\nHost: ext.example\r\nX-User: mallory\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /p1");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /p2").contains("body-bytes: 3");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 403");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /p4")
                    .as("the auth answer's X-User replaces the client's").contains("header.x-user: alice").doesNotContain("mallory");
        }
    }

    @Test
    void a_client_that_leaves_while_its_request_is_being_authorized_is_not_forwarded_and_the_proxy_carries_on() throws IOException {
        int before = asked.get();
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /left HTTP/1.1\r\nHost: hold.example\r\nContent-Length: 4\r\n\r\nbody");
            await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() > before);
        }
        held.countDown();

        assertThat(fixture.http.get("ext.example", "/after").statusCode()).isEqualTo(200);
        assertThat(echo.requests()).noneSatisfy(seen -> assertThat(seen).containsEntry("uri", "/left"));
    }

    @Test
    void unreadable_access_control_answers_503_before_any_subrequest() {
        int before = asked.get();

        assertThat(fixture.http.get("locked.example", "/").statusCode()).isEqualTo(503);
        assertThat(asked.get()).isEqualTo(before);
    }

    @Test
    void an_auth_answer_whose_body_never_ends_is_a_500_at_the_answer_timeout() {
        HttpResponse<String> response = assertTimeoutPreemptively(Duration.ofSeconds(ExternalAuthClient.ANSWER_SECONDS + 8),
                () -> fixture.http.get("stalled.example", "/stalled"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(echo.requests()).noneSatisfy(seen -> assertThat(seen).containsEntry("uri", "/stalled"));
    }

    @Test
    void a_connection_header_that_repeats_an_option_is_no_error() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /repeated HTTP/1.1\r\nHost: ext.example\r\nConnection: keep-alive, keep-alive\r\n"
                    + "Connection: Keep-Alive\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /repeated");
        }
    }

    @Test
    void a_cached_allow_on_one_route_does_not_let_a_request_to_another_route_or_host_through() {
        HttpResponse<String> allowed = fixture.http.send(fixture.http.request("cache.example", "/allowed")
                .header("Authorization", "Bearer same").GET().build());
        int askedAfterAllow = asked.get();
        HttpResponse<String> again = fixture.http.send(fixture.http.request("cache.example", "/allowed/again")
                .header("Authorization", "Bearer same").GET().build());
        HttpResponse<String> denied = fixture.http.send(fixture.http.request("cache.example", "/denied")
                .header("Authorization", "Bearer same").GET().build());
        HttpResponse<String> otherHost = fixture.http.send(fixture.http.request("other-cache.example", "/allowed")
                .header("Authorization", "Bearer same").GET().build());

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(denied.statusCode()).as("the auth service is asked about /denied and refuses it").isEqualTo(403);
        assertThat(otherHost.statusCode()).isEqualTo(200);
        assertThat(asked.get()).as("the repeat on the same route came from the cache; the other route and host asked")
                .isEqualTo(askedAfterAllow + 2);
    }

    private static RequestFilters cachedFilters() {
        ExternalAuth cached = new ExternalAuth(new RequestTemplate("http://127.0.0.1:" + auth.port() + "/check"), "GET", null, null,
                List.of("x-user"), null, new RequestTemplate("$http_authorization"), Map.of(200, Duration.ofMinutes(5)), Map.of());
        return new RequestFilters(List.of(), null, null, null, null).withExternalAuth(cached);
    }

    private static RequestFilters filters(String path) {
        return new RequestFilters(List.of(), null, null, null, null).withExternalAuth(external(path));
    }

    private static ExternalAuth external(String path) {
        return external(auth.port(), path);
    }

    private static ExternalAuth external(int port, String path) {
        return new ExternalAuth(new RequestTemplate("http://127.0.0.1:" + port + path), "GET", null, null, List.of("x-user"),
                null, null, Map.of(), Map.of());
    }
}
