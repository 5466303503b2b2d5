package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxyForwardingTest {

    private static TestUpstream web1;
    private static TestUpstream web2;
    private static TestUpstream api;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        web1 = TestUpstream.start("web-1");
        web2 = TestUpstream.start("web-2");
        api = TestUpstream.start("api");
        fixture = new ProxyFixture(ProxySettings.builder().maxRequestBodyBytes(64L * 1024 * 1024));
        fixture.proxy.apply(new Snapshots()
                .route("web.example", "/", "web", web1.port(), web2.port())
                .route("web.example", "/api", "api", api.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        web1.close();
        web2.close();
        api.close();
    }

    @Test
    void a_request_goes_to_the_upstream_of_its_host_and_path() {
        HttpResponse<String> response = fixture.http.get("web.example", "/api/users?limit=3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(response)).isEqualTo("api");
        assertThat(Echo.parse(response.body())).containsEntry("uri", "/api/users?limit=3");
    }

    @Test
    void requests_to_a_cluster_take_its_endpoints_in_turn() {
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answeredBy.add(Http.answeredBy(fixture.http.get("web.example", "/")));
        }

        assertThat(answeredBy).containsOnly("web-1", "web-2");
        assertThat(answeredBy).filteredOn("web-1"::equals).hasSize(3);
        for (int i = 1; i < answeredBy.size(); i++) {
            assertThat(answeredBy.get(i)).isNotEqualTo(answeredBy.get(i - 1));
        }
    }

    @Test
    void upstream_connections_are_kept_alive_and_reused() {
        try (TestUpstream single = TestUpstream.start("single");
             ProxyFixture oneLoop = new ProxyFixture(ProxySettings.builder().eventLoopThreads(1))) {
            oneLoop.proxy.apply(new Snapshots().route("one.example", "/", "single", single.port()).build(1));

            for (int i = 0; i < 20; i++) {
                assertThat(oneLoop.http.get("one.example", "/" + i).statusCode()).isEqualTo(200);
            }

            assertThat(single.requests()).hasSize(20);
            assertThat(single.clientPorts()).hasSize(1);
        }
    }

    @Test
    void the_host_header_is_passed_through_and_the_forwarded_headers_describe_the_client() {
        HttpResponse<String> response = fixture.http.send(fixture.http.request("WEB.example:" + fixture.port(), "/")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("X-Forwarded-Proto", "gopher")
                .GET().build());

        Map<String, String> seen = Echo.parse(response.body());
        assertThat(seen)
                .containsEntry("header.host", "WEB.example:" + fixture.port())
                .containsEntry("header.x-forwarded-for", "127.0.0.1")
                .containsEntry("header.x-real-ip", "127.0.0.1")
                .containsEntry("header.x-forwarded-proto", "http")
                .containsEntry("header.x-forwarded-host", "WEB.example:" + fixture.port())
                .containsEntry("header.x-forwarded-port", Integer.toString(fixture.port()));
    }

    @Test
    void hop_by_hop_headers_stay_on_their_hop() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /hop HTTP/1.1\r\nHost: web.example\r\nConnection: keep-alive, X-Secret-Hop\r\n"
                    + "X-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic eA==\r\nTE: trailers\r\n"
                    + "X-End-To-End: kept\r\n\r\n");
            String response = client.readResponse();

            assertThat(response).startsWith("HTTP/1.1 200");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(Echo.parse(body))
                    .containsEntry("header.x-end-to-end", "kept")
                    .doesNotContainKeys("header.x-secret-hop", "header.keep-alive", "header.proxy-authorization", "header.te");
        }
    }

    @Test
    void bodies_pass_through_in_both_directions_a_chunked_upload_going_up_buffered_with_its_length() {
        byte[] upload = new byte[3 * 1024 * 1024];
        HttpResponse<String> response = fixture.http.send(fixture.http.request("web.example", "/api/upload")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(upload))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Echo.parse(response.body()))
                .containsEntry("body-bytes", Integer.toString(upload.length))
                .containsEntry("header.content-length", Integer.toString(upload.length))
                .doesNotContainKey("header.transfer-encoding");
    }

    @Test
    void a_request_body_with_a_content_length_keeps_it() {
        HttpResponse<String> response = fixture.http.send(fixture.http.request("web.example", "/api/form")
                .POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).build());

        assertThat(Echo.parse(response.body()))
                .containsEntry("body-bytes", "7")
                .containsEntry("header.content-length", "7");
    }

    @Test
    void pipelined_requests_are_answered_in_order() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /api/first HTTP/1.1\r\nHost: web.example\r\n\r\n"
                    + "GET /api/second HTTP/1.1\r\nHost: web.example\r\n\r\n"
                    + "GET /api/third HTTP/1.1\r\nHost: web.example\r\n\r\n");

            assertThat(client.readResponse()).contains("uri: /api/first");
            assertThat(client.readResponse()).contains("uri: /api/second");
            assertThat(client.readResponse()).contains("uri: /api/third");
        }
    }

    @Test
    void an_http_1_0_client_gets_a_complete_response_and_the_connection_closes() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /api/old HTTP/1.0\r\nHost: web.example\r\n\r\n");

            String response = client.readResponse();
            assertThat(response).startsWith("HTTP/1.1 200").contains("uri: /api/old");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void an_absolute_form_target_is_routed_by_its_authority() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET http://web.example/api/abs?x=1 HTTP/1.1\r\nHost: web.example\r\n\r\n");

            String response = client.readResponse();
            assertThat(response).contains("upstream: api").contains("uri: /api/abs?x=1").contains("header.host: web.example");
        }
    }

    @Test
    void a_head_request_gets_headers_and_no_body() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("HEAD /api/h HTTP/1.1\r\nHost: web.example\r\n\r\nGET /api/after HTTP/1.1\r\nHost: web.example\r\n\r\n");

            String head = client.readHead();
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("x-upstream: api");
            assertThat(client.readResponse()).contains("uri: /api/after");
        }
    }

    @Test
    void a_large_response_streams_to_a_slow_reader_without_loss() throws IOException {
        int size = 8 * 1024 * 1024;
        try (TestUpstream big = TestUpstream.start("big", exchange -> {
            exchange.sendResponseHeaders(200, size);
            byte[] chunk = new byte[65536];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
             ProxyFixture own = new ProxyFixture()) {
            own.proxy.apply(new Snapshots().route("big.example", "/", "big", big.port()).build(1));

            HttpResponse<InputStream> response = own.http.send(own.http.request("big.example", "/").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long total = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    total += n;
                }
            }
            assertThat(total).isEqualTo(size);
        }
    }

    @Test
    void an_unmatched_request_gets_the_built_in_404() {
        HttpResponse<String> response = fixture.http.get("nowhere.example", "/");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 Not Found: no Ingress rule matches this host and path\n");
    }
}
