package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The framing a request reaches the upstream with is the one the proxy decoded, whatever the client's headers
 * ask for: the upstream never reads a second request that the proxy did not route and check.
 */
class RequestSmugglingTest {

    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    private RecordingUpstream upstream;
    private ProxyFixture fixture;

    @BeforeEach
    void start() {
        upstream = new RecordingUpstream();
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots().route("", "/cl", "recording", upstream.port()).build(1));
    }

    @AfterEach
    void stop() {
        fixture.close();
        upstream.close();
    }

    @Test
    void a_connection_header_naming_content_length_cannot_strip_the_framing_and_smuggle_the_body_as_a_request() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /cl HTTP/1.1\r\nHost: app.example\r\nConnection: Content-Length\r\nContent-Length: "
                    + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED);

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        assertThat(upstream.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.requestLine()).isEqualTo("POST /cl HTTP/1.1");
            assertThat(seen.header("content-length")).containsExactly(Integer.toString(SMUGGLED.length()));
            assertThat(seen.body()).isEqualTo(SMUGGLED);
        });
    }

    @Test
    void a_second_connection_line_cannot_strip_the_framing_either() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /cl HTTP/1.1\r\nHost: app.example\r\nConnection: keep-alive\r\nConnection: content-length, x-real-ip\r\n"
                    + "Content-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED);

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        assertThat(upstream.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.body()).isEqualTo(SMUGGLED);
            assertThat(seen.header("x-real-ip")).containsExactly("127.0.0.1");
        });
    }

    @Test
    void a_chunked_body_is_sent_on_chunked_even_when_connection_names_transfer_encoding() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /cl HTTP/1.1\r\nHost: app.example\r\nConnection: Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        assertThat(upstream.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.requestLine()).isEqualTo("POST /cl HTTP/1.1");
            assertThat(seen.body()).isEqualTo(SMUGGLED);
        });
    }

    @Test
    void a_transfer_coding_other_than_chunked_alone_is_refused_with_501_and_reaches_no_upstream() throws IOException {
        for (String coding : new String[] {"xchunked", "chunked, identity", "gzip, chunked", "identity"}) {
            try (RawClient client = new RawClient(fixture.port())) {
                client.send("POST /cl HTTP/1.1\r\nHost: app.example\r\nTransfer-Encoding: " + coding + "\r\n\r\n"
                        + "0\r\n\r\n" + SMUGGLED);

                assertThat(client.readResponse()).as(coding).matches("(?s)HTTP/1\\.1 (400|501) .*");
                assertThat(client.closedByPeer()).as(coding).isTrue();
            }
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void a_malformed_chunk_is_answered_400_and_the_upstream_never_sees_the_request_complete() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /cl HTTP/1.1\r\nHost: app.example\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"
                    + SMUGGLED);

            assertThat(client.readResponse()).startsWith("HTTP/1.1 400").contains("the request body could not be read");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void content_length_with_transfer_encoding_is_refused_and_reaches_no_upstream() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /cl HTTP/1.1\r\nHost: app.example\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n" + SMUGGLED);

            assertThat(client.readResponse()).startsWith("HTTP/1.1 400");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void two_content_length_lines_are_refused_even_on_http_1_0() throws IOException {
        for (String version : new String[] {"HTTP/1.0", "HTTP/1.1"}) {
            try (RawClient client = new RawClient(fixture.port())) {
                client.send("POST /cl " + version + "\r\nHost: app.example\r\nContent-Length: 0\r\nContent-Length: "
                        + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED);

                assertThat(client.readResponse()).as(version).startsWith("HTTP/1.1 400");
            }
        }
        assertThat(upstream.requests()).isEmpty();
    }
}
