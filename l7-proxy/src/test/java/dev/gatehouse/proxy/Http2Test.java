package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.H2cUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.UpstreamProtocol;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Http2Test {

    private static TestUpstream http1;
    private static H2cUpstream h2c;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        http1 = TestUpstream.start("http1");
        h2c = new H2cUpstream("h2c");
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .route("h1.example", "/", "http1", http1.port())
                .route("h2.example", "/", "h2c", h2c.port())
                .policy("h2c", ClusterPolicy.DEFAULT.withProtocol(UpstreamProtocol.H2C))
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        http1.close();
        h2c.close();
    }

    @Test
    void an_h2c_request_with_prior_knowledge_reaches_an_http_1_1_upstream() {
        try (H2cClient client = new H2cClient(fixture.port())) {
            H2cClient.Response response = client.get("h1.example", "/hello?x=1");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("x-upstream", "http1");
            assertThat(Echo.parse(response.body()))
                    .containsEntry("uri", "/hello?x=1")
                    .containsEntry("header.host", "h1.example")
                    .containsEntry("header.x-forwarded-proto", "http")
                    .doesNotContainKeys("header.x-http2-stream-id", "header.x-http2-scheme");
        }
    }

    @Test
    void an_h2c_request_body_without_a_length_reaches_an_http_1_1_upstream_chunked() {
        try (H2cClient client = new H2cClient(fixture.port())) {
            H2cClient.Response response = client.post("h1.example", "/upload", new byte[100_000]);

            assertThat(Echo.parse(response.body())).containsEntry("body-bytes", "100000");
        }
    }

    @Test
    void many_streams_share_one_connection() {
        try (H2cClient client = new H2cClient(fixture.port())) {
            List<CompletableFuture<H2cClient.Response>> responses = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> client.get("h1.example", "/stream/" + i)))
                    .toList();

            for (int i = 0; i < 20; i++) {
                assertThat(Echo.parse(responses.get(i).join().body())).containsEntry("uri", "/stream/" + i);
            }
        }
    }

    @Test
    void an_h2c_request_reaches_an_h2c_upstream_with_its_trailers() {
        try (H2cClient client = new H2cClient(fixture.port())) {
            H2cClient.Response response = client.get("h2.example", "/both");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("upstream: h2c").contains("uri: /both");
            assertThat(response.trailers()).containsEntry("x-upstream-trailer", "done");
        }
    }

    @Test
    void an_http_1_1_request_reaches_an_h2c_upstream_and_gets_its_trailers_as_chunked_trailers() throws Exception {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /from-h1 HTTP/1.1\r\nHost: h2.example\r\nTE: trailers\r\n\r\n");

            String head = client.readHead();
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            assertThat(client.readChunkedBody()).contains("uri: /from-h1").contains("x-upstream-trailer: done");
            assertThat(h2c.requests()).anySatisfy(headers -> assertThat(headers).contains("te: trailers"));
        }
    }
}
