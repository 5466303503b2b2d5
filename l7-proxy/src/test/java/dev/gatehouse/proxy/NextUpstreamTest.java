package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.NextUpstream;
import dev.gatehouse.routing.RequestPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** proxy-next-upstream: which failures send a request to another endpoint, through real sockets. */
class NextUpstreamTest {

    private static final NextUpstream ON_502 = new NextUpstream(true, true, false, Set.of(502), false);

    @Test
    void a_502_answer_sends_a_get_to_the_next_endpoint_and_the_client_never_sees_it() {
        try (TestUpstream failing = answering("failing", 502); TestUpstream working = TestUpstream.start("working");
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("s.example", "/", "s", policy(ON_502), failing.port(), working.port()).build(1));

            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = fixture.http.get("s.example", "/" + i);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Http.answeredBy(response)).isEqualTo("working");
            }
            assertThat(failing.requests()).isNotEmpty();
        }
    }

    @Test
    void without_the_status_among_the_conditions_the_502_reaches_the_client() {
        try (TestUpstream failing = answering("failing", 502); TestUpstream working = TestUpstream.start("working");
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("s.example", "/", "s", failing.port(), working.port()).build(1));

            long relayed = java.util.stream.IntStream.range(0, 6).mapToObj(i -> fixture.http.get("s.example", "/" + i))
                    .filter(response -> response.statusCode() == 502 && Http.answeredBy(response).equals("failing")).count();

            assertThat(relayed).isEqualTo(3);
        }
    }

    @Test
    void when_every_endpoint_answers_the_status_the_last_answer_is_relayed() {
        try (TestUpstream first = answering("first", 502); TestUpstream second = answering("second", 502);
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("s.example", "/", "s", policy(ON_502), first.port(), second.port()).build(1));

            HttpResponse<String> response = fixture.http.get("s.example", "/");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("answered 502");
            assertThat(first.requests().size() + second.requests().size()).isEqualTo(2);
        }
    }

    @Test
    void an_answer_is_relayed_rather_than_dropped_for_an_endpoint_that_is_ejected() throws IOException {
        NextUpstream on503 = new NextUpstream(true, true, false, Set.of(503), false);
        ProxySettings.Builder ejectAtOnce = ProxySettings.builder()
                .outlier(new OutlierDetection(1, Duration.ofMinutes(5), Duration.ofMinutes(5), 50));
        try (TestUpstream real = TestUpstream.start("real", exchange -> {
            int status = exchange.getRequestURI().getPath().equals("/busy") ? 503 : 200;
            byte[] body = ("answered " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }); ProxyFixture fixture = new ProxyFixture(ejectAtOnce)) {
            int down = closedPort();
            fixture.proxy.apply(new Snapshots().route("s.example", "/", "s", policy(on503), real.port(), down).build(1));
            // round robin starts at each endpoint in turn: one of two requests finds the one that is down, and ejects it
            assertThat(fixture.http.get("s.example", "/warm").statusCode()).isEqualTo(200);
            assertThat(fixture.http.get("s.example", "/warm").statusCode()).isEqualTo(200);

            HttpResponse<String> busy = fixture.http.get("s.example", "/busy");

            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.body()).isEqualTo("answered 503");
        }
    }

    @Test
    void a_post_is_tried_again_on_a_status_only_with_non_idempotent_and_only_without_a_body() {
        NextUpstream any = new NextUpstream(true, true, false, Set.of(503), true);
        try (TestUpstream failing = answering("failing", 503); TestUpstream working = TestUpstream.start("working");
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .route("strict.example", "/", "strict", policy(new NextUpstream(true, true, false, Set.of(503), false)),
                            failing.port(), working.port())
                    .route("any.example", "/", "any", policy(any), failing.port(), working.port())
                    .route("body.example", "/", "body", policy(any), failing.port(), working.port()).build(1));

            long strictRelayed = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> post(fixture, "strict.example", HttpRequest.BodyPublishers.noBody()))
                    .filter(response -> response.statusCode() == 503).count();
            long anyRelayed = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> post(fixture, "any.example", HttpRequest.BodyPublishers.noBody()))
                    .filter(response -> response.statusCode() == 503).count();
            long withBodyRelayed = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> post(fixture, "body.example", HttpRequest.BodyPublishers.ofString("order")))
                    .filter(response -> response.statusCode() == 503).count();

            assertThat(strictRelayed).isEqualTo(2);
            assertThat(anyRelayed).isZero();
            assertThat(withBodyRelayed).isEqualTo(2);
        }
    }

    @Test
    void off_does_not_try_another_endpoint_even_when_connecting_fails() throws IOException {
        try (TestUpstream working = TestUpstream.start("working"); ProxyFixture fixture = new ProxyFixture()) {
            int refusing = closedPort();
            fixture.proxy.apply(new Snapshots().route("off.example", "/", "off", policy(NextUpstream.OFF), refusing, working.port())
                    .route("on.example", "/", "on", refusing, working.port()).build(1));

            long offFailures = java.util.stream.IntStream.range(0, 6)
                    .filter(i -> fixture.http.get("off.example", "/" + i).statusCode() == 502).count();
            long onFailures = java.util.stream.IntStream.range(0, 6)
                    .filter(i -> fixture.http.get("on.example", "/" + i).statusCode() == 502).count();

            assertThat(offFailures).isEqualTo(3);
            assertThat(onFailures).isZero();
        }
    }

    private static RequestPolicy policy(NextUpstream nextUpstream) {
        return RequestPolicy.DEFAULTS.withNextUpstream(nextUpstream);
    }

    private static HttpResponse<String> post(ProxyFixture fixture, String host, HttpRequest.BodyPublisher body) {
        return fixture.http.send(fixture.http.request(host, "/order").POST(body).build());
    }

    private static TestUpstream answering(String name, int status) {
        return TestUpstream.start(name, (HttpExchange exchange) -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("answered " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** A loopback port nobody listens on, found after every server of the test is up. */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
