package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EdgeLimitsTest {

    private static TestUpstream echo;

    @BeforeAll
    static void start() {
        echo = TestUpstream.start("echo");
    }

    @AfterAll
    static void stop() {
        echo.close();
    }

    @Test
    void a_slowloris_client_is_cut_with_408_at_the_header_timeout() throws IOException {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().clientHeaderTimeout(Duration.ofMillis(500)));
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            client.send("GET / HTTP/1.1\r\nHost: slow.example\r\n");
            long start = System.nanoTime();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    client.send("X-Slow: a\r\n");
                } catch (IOException closed) {
                    trickle.shutdown();
                }
            }, 100, 100, TimeUnit.MILLISECONDS);

            String response = client.readResponse();

            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response).startsWith("HTTP/1.1 408 Request Timeout").contains("the request headers took too long");
            assertThat(elapsedMillis).isBetween(400L, 3_000L);
            assertThat(echo.requests()).noneSatisfy(seen -> assertThat(seen).containsEntry("header.host", "slow.example"));
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void an_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().keepAliveTimeout(Duration.ofMillis(300)));
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            client.send("GET /once HTTP/1.1\r\nHost: idle.example\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
            long start = System.nanoTime();

            assertThat(client.closedByPeer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(200L, 3_000L);
        }
    }

    @Test
    void connections_beyond_the_limit_are_closed_at_once_and_counted() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxConnections(2));
             RawClient first = new RawClient(fixture.port());
             RawClient second = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            first.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
            second.send("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(first.readResponse()).startsWith("HTTP/1.1 200");
            assertThat(second.readResponse()).startsWith("HTTP/1.1 200");

            try (RawClient third = new RawClient(fixture.port())) {
                assertThat(third.closedByPeer()).isTrue();
            }
            assertThat(new dev.gatehouse.proxy.testing.Http(fixture.proxy.adminAddress().getPort()).get(null, "/metrics").body())
                    .contains("gatehouse_downstream_connections_rejected_total 1.0")
                    .contains("gatehouse_downstream_connections_active 2.0");
        }
    }

    @Test
    void a_body_over_the_limit_is_answered_413_by_its_length_before_any_upstream_sees_it() {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxRequestBodyBytes(1000))) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            int before = echo.requests().size();

            HttpResponse<String> response = fixture.http.send(fixture.http.request("limit.example", "/big")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5000])).build());

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("413 Request Entity Too Large: the request body is larger than 1000 bytes\n");
            assertThat(echo.requests()).hasSize(before);
        }
    }

    @Test
    void a_chunked_body_that_grows_over_the_limit_is_cut_with_413() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxRequestBodyBytes(1000));
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            client.send("POST /grow HTTP/1.1\r\nHost: limit.example\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "a".repeat(600);
            client.send(Integer.toHexString(600) + "\r\n" + chunk + "\r\n" + Integer.toHexString(600) + "\r\n" + chunk + "\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 413");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void a_proxy_protocol_v2_header_gives_the_client_address_the_upstream_sees() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().proxyProtocol(true))) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), fixture.port())) {
                client.getOutputStream().write(proxyV2("203.0.113.7", "10.0.0.5", 55555, 80));
                client.getOutputStream().write("GET /v2 HTTP/1.1\r\nHost: nlb.example\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(response).startsWith("HTTP/1.1 200");
                assertThat(Echo.parse(response.substring(response.indexOf("\r\n\r\n") + 4)))
                        .containsEntry("header.x-forwarded-for", "203.0.113.7")
                        .containsEntry("header.x-real-ip", "203.0.113.7");
            }
        }
    }

    @Test
    void a_proxy_protocol_v1_header_gives_the_client_address_too_and_a_connection_without_one_is_closed() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().proxyProtocol(true))) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            try (RawClient client = new RawClient(fixture.port())) {
                client.send("PROXY TCP4 198.51.100.9 10.0.0.5 40000 80\r\nGET /v1 HTTP/1.1\r\nHost: elb.example\r\n\r\n");
                assertThat(client.readResponse()).contains("header.x-forwarded-for: 198.51.100.9");
            }
            try (RawClient bare = new RawClient(fixture.port())) {
                bare.send("GET / HTTP/1.1\r\nHost: elb.example\r\n\r\n");
                assertThat(bare.closedByPeer()).isTrue();
            }
        }
    }

    @Test
    void a_connection_that_never_finishes_its_proxy_protocol_header_is_closed_at_the_header_timeout() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().proxyProtocol(true).clientHeaderTimeout(Duration.ofMillis(300)));
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));

            client.send("PROXY TCP4 198.51.100.9 10.0.0.5 40000");

            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void a_request_id_is_generated_when_absent_and_kept_when_present() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));

            String generated = Echo.parse(fixture.http.get("id.example", "/").body()).get("header.x-request-id");
            String kept = Echo.parse(fixture.http.send(fixture.http.request("id.example", "/")
                    .header("X-Request-ID", "abc-123").GET().build()).body()).get("header.x-request-id");

            assertThat(generated).matches("[0-9a-f]{32}");
            assertThat(kept).isEqualTo("abc-123");
        }
    }

    @Test
    void forwarded_headers_from_a_trusted_proxy_are_believed_and_extended() {
        try (ProxyFixture trusting = new ProxyFixture(ProxySettings.builder().trustedProxies(List.of("127.0.0.0/8", "10.0.0.0/8")))) {
            trusting.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));

            var seen = Echo.parse(trusting.http.send(trusting.http.request("cdn.example", "/")
                    .header("X-Forwarded-For", "198.51.100.20, 10.1.2.3")
                    .header("X-Forwarded-Proto", "https").GET().build()).body());

            assertThat(seen)
                    .containsEntry("header.x-forwarded-for", "198.51.100.20, 10.1.2.3, 127.0.0.1")
                    .containsEntry("header.x-real-ip", "198.51.100.20")
                    .containsEntry("header.x-forwarded-proto", "https");
        }
    }

    @Test
    void every_x_forwarded_for_line_is_one_chain_so_a_forged_first_line_is_not_the_client() throws IOException {
        try (ProxyFixture trusting = new ProxyFixture(ProxySettings.builder().trustedProxies(List.of("127.0.0.0/8")));
             RawClient client = new RawClient(trusting.port())) {
            trusting.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));

            // the client forged the first line; the trusted load balancer appended what it saw as a second line
            client.send("GET / HTTP/1.1\r\nHost: lb.example\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n");
            var seen = Echo.parse(body(client.readResponse()));

            assertThat(seen)
                    .containsEntry("header.x-real-ip", "198.51.100.7")
                    .containsEntry("header.x-forwarded-for", "6.6.6.6, 198.51.100.7, 127.0.0.1");
        }
    }

    @Test
    void without_x_forwarded_for_the_for_parameters_of_forwarded_lines_from_a_trusted_proxy_make_the_chain() throws IOException {
        try (ProxyFixture trusting = new ProxyFixture(ProxySettings.builder().trustedProxies(List.of("127.0.0.0/8", "10.0.0.0/8")));
             RawClient client = new RawClient(trusting.port())) {
            trusting.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));

            client.send("GET / HTTP/1.1\r\nHost: lb.example\r\nForwarded: for=6.6.6.6;proto=https\r\n"
                    + "Forwarded: for=\"[2001:db8::7]:4711\", for=10.0.0.9\r\n\r\n");

            assertThat(Echo.parse(body(client.readResponse()))).containsEntry("header.x-real-ip", "2001:db8::7");
        }
    }

    @Test
    void a_forwarded_header_from_an_untrusted_client_does_not_reach_the_upstream() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(); RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));

            client.send("GET / HTTP/1.1\r\nHost: lb.example\r\nForwarded: for=6.6.6.6\r\n\r\n");

            assertThat(Echo.parse(body(client.readResponse()))).doesNotContainKey("header.forwarded")
                    .containsEntry("header.x-real-ip", "127.0.0.1");
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void forwarded_headers_from_anyone_else_are_replaced() {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().trustedProxies(List.of("10.0.0.0/8")))) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));

            var seen = Echo.parse(fixture.http.send(fixture.http.request("cdn.example", "/")
                    .header("X-Forwarded-For", "6.6.6.6").header("X-Forwarded-Proto", "https").GET().build()).body());

            assertThat(seen)
                    .containsEntry("header.x-forwarded-for", "127.0.0.1")
                    .containsEntry("header.x-real-ip", "127.0.0.1")
                    .containsEntry("header.x-forwarded-proto", "http");
        }
    }

    /** A PROXY protocol v2 header for TCP over IPv4 (the format of the HAProxy specification, section 2.2). */
    private static byte[] proxyV2(String source, String destination, int sourcePort, int destinationPort) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16 + 12);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        header.put((byte) 0x21);
        header.put((byte) 0x11);
        header.putShort((short) 12);
        header.put(InetAddress.getByName(source).getAddress());
        header.put(InetAddress.getByName(destination).getAddress());
        header.putShort((short) sourcePort);
        header.putShort((short) destinationPort);
        return header.array();
    }
}
