package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatehouse.logging.testing.LogCapture;
import dev.gatehouse.proxy.testing.RawUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flood of bad connections, with the proxy's DEBUG lines on: every line a peer can cause goes through a per-reason
 * limiter, so a thousand connections write a handful of lines, while the counters count every one.
 */
class PeerLogFloodTest {

    private static final int CONNECTIONS = 1_000;

    @Test
    void aThousandBadConnectionsWriteAHandfulOfLinesAndAreAllCounted() throws IOException {
        try (RawUpstream resetting = RawUpstream.start(socket -> {
                 RawUpstream.readHead(socket.getInputStream());
                 socket.setSoLinger(true, 0);
             });
             ProxyFixture fixture = new ProxyFixture();
             LogCapture logs = LogCapture.start().level("dev.gatehouse", Level.DEBUG)) {
            fixture.proxy.apply(new Snapshots().route("reset.example", "/", "reset", resetting.port()).build(1));
            double downstreamBefore = failures(fixture, "downstream");
            double upstreamBefore = failures(fixture, "upstream");

            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket socket = connect(fixture.port())) {
                    switch (i % 4) {
                        case 0 -> exchange(socket, "NOT HTTP AT ALL\r\n\r\n");
                        case 1 -> exchange(socket, "GET / HTTP/1.1\r\nHost: reset.example\r\nConnection: close\r\n\r\n");
                        case 2 -> {
                            socket.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                            socket.shutdownOutput();
                            readUntilClosed(socket.getInputStream());
                        }
                        default -> {
                            socket.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                            socket.setSoLinger(true, 0);
                        }
                    }
                }
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> failures(fixture, "downstream") >= downstreamBefore + CONNECTIONS / 2
                    && failures(fixture, "upstream") >= upstreamBefore + CONNECTIONS / 4);
            List<ILoggingEvent> lines = logs.events();
            assertThat(lines).as(logs.describe(lines)).hasSizeLessThanOrEqualTo(12);
            assertThat(logs.atLeast(Level.INFO)).as(logs.describe(lines)).isEmpty();
        }
    }

    private static double failures(ProxyFixture fixture, String pipeline) {
        return QuietLogs.failures(fixture.registry, pipeline, "reset") + QuietLogs.failures(fixture.registry, pipeline, "closed");
    }

    private static void exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        assertThat(readUntilClosed(socket.getInputStream())).startsWith("HTTP/1.1 ");
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketException reset) {
            return "";
        }
    }
}
