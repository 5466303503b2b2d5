package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 9112 section 3.2: exactly one Host, and an absolute-form target's authority agrees with it. */
class HostHeaderRulesTest {

    private RecordingUpstream upstream;
    private ProxyFixture fixture;

    @BeforeEach
    void start() {
        upstream = new RecordingUpstream();
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots().route("app.example", "/", "recording", upstream.port()).build(1));
    }

    @AfterEach
    void stop() {
        fixture.close();
        upstream.close();
    }

    @Test
    void two_host_headers_are_refused_with_400_and_reach_no_upstream() throws IOException {
        assertThat(exchange("GET / HTTP/1.1\r\nHost: app.example\r\nHost: other.example\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("more than one Host header");
        assertThat(exchange("GET / HTTP/1.1\r\nHost: app.example\r\nHost: app.example\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void an_http_1_1_request_without_host_is_refused_with_400() throws IOException {
        assertThat(exchange("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")).startsWith("HTTP/1.1 400").contains("needs a Host header");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void an_http_1_0_request_without_host_is_still_answered() throws IOException {
        assertThat(exchange("GET / HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 404");
    }

    @Test
    void an_http_1_0_request_without_host_reaches_the_upstream_with_the_listener_address_as_its_host() throws IOException {
        fixture.proxy.apply(new Snapshots().route("", "/", "recording", upstream.port()).build(2));

        assertThat(exchange("GET /old HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200");

        await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        assertThat(upstream.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.requestLine()).isEqualTo("GET /old HTTP/1.1");
            assertThat(seen.header("host")).containsExactly("127.0.0.1:" + fixture.port());
        });
    }

    @Test
    void a_host_that_is_not_an_authority_is_refused_with_400() throws IOException {
        for (String host : new String[] {"app.example/admin", "user@app.example", "app example", "app.example:", "app.example:8x",
                "", "app..example", "[::1", "app.example\\x"}) {
            assertThat(exchange("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n")).as(host).startsWith("HTTP/1.1 400");
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void an_absolute_form_target_whose_authority_differs_from_host_is_refused() throws IOException {
        assertThat(exchange("GET http://other.example/ HTTP/1.1\r\nHost: app.example\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("name different hosts");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void an_absolute_form_target_that_agrees_with_host_is_routed_by_its_authority() throws IOException {
        assertThat(exchange("GET http://APP.example:80/path?q=1 HTTP/1.1\r\nHost: app.example\r\n\r\n")).startsWith("HTTP/1.1 200");
        await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        assertThat(upstream.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.requestLine()).isEqualTo("GET /path?q=1 HTTP/1.1");
            assertThat(seen.header("host")).containsExactly("APP.example:80");
        });
    }

    private String exchange(String request) throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send(request);
            return client.readResponse();
        }
    }
}
