package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.proxy.testing.WebSocketEchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpgradeTunnelTest {

    @Test
    void a_websocket_echoes_both_ways_for_ten_seconds_while_the_snapshot_changes_fifty_times() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (WebSocketEchoServer server = new WebSocketEchoServer(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("", "/", "ws", server.port()).build(1));
            List<String> received = new CopyOnWriteArrayList<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + fixture.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            received.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);

            AtomicInteger sent = new AtomicInteger();
            scheduler.scheduleAtFixedRate(() -> {
                int n = sent.get();
                if (n < 100) {
                    socket.sendText("message " + n, true).join();
                    sent.incrementAndGet();
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            AtomicInteger version = new AtomicInteger(1);
            scheduler.scheduleAtFixedRate(() -> {
                int v = version.get();
                if (v <= 50) {
                    fixture.proxy.apply(new Snapshots().route("", "/", "ws", server.port())
                            .route("other-" + v + ".example", "/", "other", 9).build(version.incrementAndGet()));
                }
            }, 50, 190, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 100);

            assertThat(version.get()).isEqualTo(51);
            for (int i = 0; i < 100; i++) {
                assertThat(received.get(i)).isEqualTo("echo: message " + i);
            }
            assertThat(server.connections()).isEqualTo(1);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void any_upgrade_the_upstream_accepts_becomes_a_byte_tunnel_until_a_side_closes() throws IOException {
        try (RawUpstream upstream = RawUpstream.start(socket -> {
            String head = RawUpstream.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (!head.toLowerCase().contains("upgrade: reverse") || !head.toLowerCase().contains("connection: upgrade")) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: reverse\r\nConnection: Upgrade\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] line = new byte[5];
            for (int round = 0; round < 3; round++) {
                int n = in.readNBytes(line, 0, 5);
                out.write(new StringBuilder(new String(line, 0, n, StandardCharsets.US_ASCII)).reverse().toString()
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        });
             ProxyFixture fixture = new ProxyFixture();
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("tunnel.example", "/", "tunnel", upstream.port()).build(1));

            client.send("GET /chat HTTP/1.1\r\nHost: tunnel.example\r\nUpgrade: reverse\r\nConnection: Upgrade\r\n\r\n");

            assertThat(client.readHead()).startsWith("HTTP/1.1 101 Switching Protocols")
                    .containsIgnoringCase("upgrade: reverse").containsIgnoringCase("connection: upgrade");
            for (String word : new String[] {"hello", "proxy", "works"}) {
                client.send(word);
                assertThat(client.readExactly(5)).isEqualTo(new StringBuilder(word).reverse().toString());
            }
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void an_upgrade_the_upstream_refuses_is_an_ordinary_response() throws IOException {
        try (dev.gatehouse.proxy.testing.TestUpstream plain = dev.gatehouse.proxy.testing.TestUpstream.start("plain");
             ProxyFixture fixture = new ProxyFixture();
             RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("plain.example", "/", "plain", plain.port()).build(1));

            client.send("GET /x HTTP/1.1\r\nHost: plain.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                    + "GET /after HTTP/1.1\r\nHost: plain.example\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /x");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /after");
        }
    }
}
