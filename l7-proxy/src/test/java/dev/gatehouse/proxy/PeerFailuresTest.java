package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.gatehouse.logging.testing.LogCapture;
import dev.gatehouse.proxy.testing.EchoUpstream;
import dev.gatehouse.proxy.testing.RawUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What peers do to each pipeline (reset, garbage, half-open, a client that stops talking): nothing reaches
 * Netty's tail, nothing is logged above DEBUG, and each failure is counted by pipeline and reason.
 */
class PeerFailuresTest {

    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static EchoUpstream echo;
    private static RawUpstream silent;
    private static ProxyFixture fixture;
    private static int tcpPort;

    @BeforeAll
    static void start() throws IOException {
        echo = EchoUpstream.start();
        fixture = new ProxyFixture(ProxySettings.builder().httpsPort(0).clientHeaderTimeout(Duration.ofMillis(300)));
        tcpPort = TcpClient.freePort();
        silent = RawUpstream.start(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()));
        fixture.proxy.apply(new TcpSnapshots().listener(tcpPort, "echo", echo.port())
                .route("silent.example", "silent", silent.port()).build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        echo.close();
        silent.close();
    }

    @Test
    void aClientResettingAnHttp1RequestHalfwayIsCountedAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("downstream", "reset");
            resetAfter(fixture.port(), "GET / HTTP/1.1\r\nHost: shop.example\r\n".getBytes(StandardCharsets.US_ASCII));

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("downstream", "reset") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void aClientResettingAnHttp2ConnectionIsCountedAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("downstream", "reset");
            try (Socket socket = connect(fixture.port())) {
                socket.getOutputStream().write(H2_PREFACE);
                // the proxy's SETTINGS frame header: it has taken the connection as HTTP/2 and now waits for ours
                assertThat(socket.getInputStream().readNBytes(9)[3]).isEqualTo((byte) 4);
                socket.setSoLinger(true, 0);
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("downstream", "reset") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void garbageOnTheHttpsListenerIsCountedAsTlsAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("downstream", "tls");
            try (Socket socket = connect(fixture.proxy.httpsAddress().getPort())) {
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntilClosed(socket.getInputStream())).doesNotStartWith("HTTP/");
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("downstream", "tls") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void garbageOnAnHttp2ConnectionAndAHalfOpenOrSilentClientAreNotLogged() throws Exception {
        double timeoutsBefore = failures("downstream", "timeout");
        try (LogCapture logs = LogCapture.start()) {
            try (Socket socket = connect(fixture.port())) {
                socket.getOutputStream().write(H2_PREFACE);
                socket.getOutputStream().write(new byte[] {0, 0, 4, (byte) 0xEE, 0, 0, 0, 0, 7, 1, 2, 3, 4});
                readUntilClosed(socket.getInputStream());
            }
            try (Socket halfOpen = connect(fixture.port())) {
                halfOpen.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop".getBytes(StandardCharsets.US_ASCII));
                halfOpen.shutdownOutput();
                readUntilClosed(halfOpen.getInputStream());
            }
            try (Socket silent = connect(fixture.proxy.httpsAddress().getPort())) {
                // says nothing: the header timeout ends it
                assertThat(readUntilClosed(silent.getInputStream())).isEmpty();
            }
            try (Socket slow = connect(fixture.port())) {
                slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop\r\n".getBytes(StandardCharsets.US_ASCII));
                // the head never ends: 408 at the header timeout
                assertThat(readUntilClosed(slow.getInputStream())).startsWith("HTTP/1.1 408");
            }

            assertThat(failures("downstream", "timeout")).as("the silent client and the slow head are counted")
                    .isGreaterThanOrEqualTo(timeoutsBefore + 2);

            assertQuiet(logs);
        }
    }

    @Test
    void aClientHalfClosingMidHeadAndThenSilentIsCountedAsClosedAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("downstream", "closed");
            try (Socket halfOpen = connect(fixture.port())) {
                halfOpen.getOutputStream().write("GET / HTTP/1.1\r\nHost: sho".getBytes(StandardCharsets.US_ASCII));
                halfOpen.shutdownOutput();
                readUntilClosed(halfOpen.getInputStream());
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("downstream", "closed") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void aClientHalfClosingBeforeItsFirstBytesToldTheProtocolIsCountedAsClosedAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("downstream", "closed");
            try (Socket halfOpen = connect(fixture.port())) {
                // a prefix of the HTTP/2 preface: HTTP/1 or HTTP/2 cannot be told yet
                halfOpen.getOutputStream().write("PRI * HT".getBytes(StandardCharsets.US_ASCII));
                halfOpen.shutdownOutput();
                readUntilClosed(halfOpen.getInputStream());
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("downstream", "closed") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void aClientHalfClosingWithItsRequestInFlightIsCountedAsClosedAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("downstream", "closed");
            try (Socket halfOpen = connect(fixture.port())) {
                // a request whose body never ends
                halfOpen.getOutputStream().write("POST / HTTP/1.1\r\nHost: silent.example\r\nContent-Length: 100\r\n\r\nabc"
                        .getBytes(StandardCharsets.US_ASCII));
                halfOpen.shutdownOutput();
                readUntilClosed(halfOpen.getInputStream());
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("downstream", "closed") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void aClientResettingATcpListenerConnectionIsCountedAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("tcp", "reset");
            try (Socket socket = connect(tcpPort)) {
                socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().readNBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
                socket.getOutputStream().write("more".getBytes(StandardCharsets.US_ASCII));
                socket.setSoLinger(true, 0);
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("tcp", "reset") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void aClientResettingAnAdminConnectionIsCountedAndNotLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("admin", "reset");
            resetAfter(fixture.proxy.adminAddress().getPort(), "GET /metr".getBytes(StandardCharsets.US_ASCII));

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("admin", "reset") > before);
            assertQuiet(logs);
        }
    }

    private static double failures(String pipeline, String reason) {
        return Counters.sum(fixture.registry, "gatehouse_connection_failures", Map.of("pipeline", pipeline, "reason", reason));
    }

    private static void assertQuiet(LogCapture logs) {
        assertThat(logs.atLeast(Level.INFO)).as(logs.describe(logs.events())).isEmpty();
        assertThat(logs.events()).noneMatch(event -> event.getFormattedMessage().contains("reached at the tail"));
    }

    /** Sends {@code bytes}, waits until the proxy has read them, then closes with a reset (RST) instead of FIN. */
    private static void resetAfter(int port, byte[] bytes) throws IOException {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            socket.setSoLinger(true, 0);
        }
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
