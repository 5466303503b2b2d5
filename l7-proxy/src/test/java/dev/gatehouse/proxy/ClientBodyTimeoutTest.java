package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.RawH2Client;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.routing.Buffering;
import dev.gatehouse.routing.Compression;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.Tracing;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** client-body-timeout through raw sockets: a client that stops sending its body midway, buffered and streamed. */
class ClientBodyTimeoutTest {

    private static final Duration BODY_TIMEOUT = Duration.ofMillis(300);
    private static final String PARTIAL_POST = "POST /upload HTTP/1.1\r\nHost: body.example\r\nContent-Length: 100\r\n\r\n0123456789";

    @Test
    void aStreamedBodyThatStopsArrivingGets408AndItsUpstreamConnectionIsLetGo() throws IOException {
        AtomicBoolean released = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> readUntilClosed(socket, released));
             ProxyFixture fixture = proxyWith(false, upstream.port());
             RawClient client = new RawClient(fixture.port())) {
            client.send(PARTIAL_POST);

            assertThat(client.readResponse()).startsWith("HTTP/1.1 408").contains("the request body stopped arriving");
            assertThat(client.closedByPeer()).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilTrue(released);
        }
    }

    @Test
    void aBufferedBodyThatStopsArrivingGets408WithoutAnUpstreamConnection() throws IOException {
        try (RawUpstream upstream = RawUpstream.start(socket -> readUntilClosed(socket, new AtomicBoolean()));
             ProxyFixture fixture = proxyWith(true, upstream.port());
             RawClient client = new RawClient(fixture.port())) {
            client.send(PARTIAL_POST);

            assertThat(client.readResponse()).startsWith("HTTP/1.1 408");
            assertThat(client.closedByPeer()).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @Test
    void onceTheAnswerHasBegunABodyThatStopsArrivingClosesTheConnection() throws IOException {
        AtomicBoolean released = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> answerEarlyThenReadUntilClosed(socket, released));
             ProxyFixture fixture = proxyWith(false, upstream.port());
             RawClient client = new RawClient(fixture.port())) {
            client.send(PARTIAL_POST);

            assertThat(client.readHead()).startsWith("HTTP/1.1 200");
            // the rest of the connection is the begun answer's first chunk, then the close: no 408 after it
            assertThat(client.readResponse()).doesNotContain("408");
            await().atMost(Duration.ofSeconds(10)).untilTrue(released);
        }
    }

    @Test
    void anHttp2StreamWhoseBodyStopsArrivingGets408AndItsUpstreamConnectionIsLetGo() {
        AtomicBoolean released = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> readUntilClosed(socket, released));
             ProxyFixture fixture = proxyWith(false, upstream.port());
             RawH2Client client = new RawH2Client(fixture.port())) {
            Http2Headers post = RawH2Client.get("body.example", "/upload").method("POST").setInt("content-length", 100);
            client.send(client.headers(1, post, false), RawH2Client.data(1, "0123456789".getBytes(StandardCharsets.US_ASCII), false));

            RawH2Client.Frame answer = client.awaitAnswer(1);
            assertThat(answer.headers()).isNotNull();
            assertThat(answer.headers().status()).hasToString("408");
            await().atMost(Duration.ofSeconds(10)).untilTrue(released);
        }
    }

    private static ProxyFixture proxyWith(boolean buffered, int upstreamPort) {
        ProxyFixture fixture = new ProxyFixture();
        Buffering buffering = new Buffering(buffered, Buffering.REQUEST_MEMORY_BYTES, false, Buffering.RESPONSE_BYTES,
                Buffering.RESPONSE_FILE_BYTES);
        RoutingSnapshot routes = new Snapshots().route("", "/", "up", RequestPolicy.DEFAULTS.withBuffering(buffering), upstreamPort)
                .build(1);
        ProxyTuning defaults = ProxyTuning.DEFAULTS;
        fixture.proxy.apply(routes.withTuning(new ProxyTuning(defaults.keepAliveTimeout(), defaults.clientHeaderTimeout(), false,
                List.of(), defaults.upstreamKeepaliveConnections(), defaults.upstreamKeepaliveTimeout(),
                defaults.upstreamKeepaliveRequests(), Tracing.DEFAULT, defaults.traceSampleRatio(), Compression.OFF, BODY_TIMEOUT)));
        return fixture;
    }

    private static void readUntilClosed(Socket socket, AtomicBoolean released) throws IOException {
        InputStream in = socket.getInputStream();
        RawUpstream.readHead(in);
        while (in.read() >= 0) {
            // the body, as far as the proxy sends it
        }
        released.set(true);
    }

    private static void answerEarlyThenReadUntilClosed(Socket socket, AtomicBoolean released) throws IOException {
        InputStream in = socket.getInputStream();
        RawUpstream.readHead(in);
        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        while (in.read() >= 0) {
            // the body, as far as the proxy sends it
        }
        released.set(true);
    }
}
