package dev.gatehouse.proxy;

import static dev.gatehouse.proxy.QuietLogs.assertQuiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.logging.testing.LogCapture;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What upstreams do to the proxy's upstream connections (HTTP/1 pool, h2c, TLS, a TCP listener's upstream side):
 * reset, garbage, a TLS alert, a half-close followed by silence, silence. Each is counted under
 * {@code pipeline="upstream"} by reason and nothing is logged above DEBUG.
 */
class UpstreamPeerFailuresTest {

    /** A fatal TLS alert record (handshake_failure), as a server refusing our ClientHello sends it. */
    private static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

    private static ProxyFixture fixture;
    private static int tcpPort;
    private static RawUpstream reset;
    private static RawUpstream garbage;
    private static RawUpstream halfOpen;
    private static RawUpstream silent;
    private static RawUpstream alert;
    private static RawUpstream h2Reset;
    private static RawUpstream h2Garbage;
    private static RawUpstream h2HalfOpen;
    private static RawUpstream h2Silent;
    private static RawUpstream tcpReset;
    private static RawUpstream tcpHalfOpen;
    private static int tcpHalfOpenPort;

    @BeforeAll
    static void start() throws IOException {
        reset = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.setSoLinger(true, 0);
        });
        garbage = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            drain(socket.getInputStream());
        });
        halfOpen = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.shutdownOutput();
            drain(socket.getInputStream());
        });
        silent = RawUpstream.start(socket -> drain(socket.getInputStream()));
        alert = RawUpstream.start(socket -> {
            socket.getInputStream().read(new byte[5]);
            socket.getOutputStream().write(TLS_ALERT);
            drain(socket.getInputStream());
        });
        h2Reset = RawUpstream.start(socket -> {
            socket.getInputStream().readNBytes(24);
            socket.setSoLinger(true, 0);
        });
        h2Garbage = RawUpstream.start(socket -> {
            socket.getInputStream().readNBytes(24);
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            drain(socket.getInputStream());
        });
        h2HalfOpen = RawUpstream.start(socket -> {
            socket.getInputStream().readNBytes(24);
            socket.shutdownOutput();
            drain(socket.getInputStream());
        });
        h2Silent = RawUpstream.start(socket -> drain(socket.getInputStream()));
        tcpReset = RawUpstream.start(socket -> {
            socket.getInputStream().readNBytes(4);
            socket.setSoLinger(true, 0);
        });
        tcpHalfOpen = RawUpstream.start(socket -> {
            socket.getInputStream().readNBytes(4);
            socket.shutdownOutput();
            drain(socket.getInputStream());
        });
        fixture = new ProxyFixture(ProxySettings.builder().upstreamReadTimeout(Duration.ofMillis(300))
                .tcpIdleTimeout(Duration.ofMillis(300)));
        tcpPort = TcpClient.freePort();
        tcpHalfOpenPort = TcpClient.freePort();
        fixture.proxy.apply(new TcpSnapshots()
                .listener(tcpPort, "tcp-reset", tcpReset.port())
                .listener(tcpHalfOpenPort, "tcp-half-open", tcpHalfOpen.port())
                .route("reset.example", "reset", reset.port())
                .route("garbage.example", "garbage", garbage.port())
                .route("half-open.example", "half-open", halfOpen.port())
                .route("silent.example", "silent", silent.port())
                .route("alert.example", "alert", alert.port())
                .policy("alert", ClusterPolicy.DEFAULT.withTls(UpstreamTls.UNVERIFIED))
                .route("h2-reset.example", "h2-reset", h2Reset.port())
                .policy("h2-reset", ClusterPolicy.DEFAULT.withProtocol(UpstreamProtocol.H2C))
                .route("h2-garbage.example", "h2-garbage", h2Garbage.port())
                .policy("h2-garbage", ClusterPolicy.DEFAULT.withProtocol(UpstreamProtocol.H2C))
                .route("h2-half-open.example", "h2-half-open", h2HalfOpen.port())
                .policy("h2-half-open", ClusterPolicy.DEFAULT.withProtocol(UpstreamProtocol.H2C))
                .route("h2-silent.example", "h2-silent", h2Silent.port())
                .policy("h2-silent", ClusterPolicy.DEFAULT.withProtocol(UpstreamProtocol.H2C))
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        for (RawUpstream upstream : new RawUpstream[] {reset, garbage, halfOpen, silent, alert, h2Reset, h2Garbage,
                h2HalfOpen, h2Silent, tcpReset, tcpHalfOpen}) {
            upstream.close();
        }
    }

    @Test
    void anHttp1UpstreamResettingIsCountedAsResetAndNotLogged() {
        assertCountedQuietly("reset.example", 502, "reset");
    }

    @Test
    void anHttp1UpstreamAnsweringGarbageIsCountedAsMalformedAndNotLogged() {
        assertCountedQuietly("garbage.example", 502, "malformed");
    }

    @Test
    void anHttp1UpstreamHalfClosingBeforeItsAnswerIsCountedAsClosedAndNotLogged() {
        assertCountedQuietly("half-open.example", 502, "closed");
    }

    @Test
    void anHttp1UpstreamStayingSilentIsCountedAsTimeoutAndNotLogged() {
        assertCountedQuietly("silent.example", 504, "timeout");
    }

    @Test
    void anUpstreamAnsweringTheTlsHandshakeWithAnAlertIsCountedAsTlsAndNotLogged() {
        assertCountedQuietly("alert.example", 502, "tls");
    }

    @Test
    void anH2cUpstreamResettingIsCountedAsResetAndNotLogged() {
        assertCountedQuietly("h2-reset.example", 502, "reset");
    }

    @Test
    void anH2cUpstreamAnsweringHttp1IsCountedAsMalformedAndNotLogged() {
        assertCountedQuietly("h2-garbage.example", 502, "malformed");
    }

    @Test
    void anH2cUpstreamHalfClosingIsCountedAsClosedAndNotLogged() {
        assertCountedQuietly("h2-half-open.example", 502, "closed");
    }

    @Test
    void anH2cUpstreamStayingSilentIsCountedAsTimeoutAndNotLogged() {
        assertCountedQuietly("h2-silent.example", 504, "timeout");
    }

    @Test
    void aTcpListenersUpstreamResettingIsCountedAsResetAndNotLogged() throws IOException {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("upstream", "reset");
            try (Socket client = connect(tcpPort)) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntilClosed(client.getInputStream())).isEmpty();
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("upstream", "reset") > before);
            assertQuiet(logs);
        }
    }

    @Test
    void aTcpListenersUpstreamHalfClosingAndThenSilentEndsAtTheIdleTimeoutCountedOnBothSides() throws IOException {
        try (LogCapture logs = LogCapture.start()) {
            double upstreamBefore = failures("upstream", "timeout");
            double clientBefore = failures("tcp", "timeout");
            try (Socket client = connect(tcpHalfOpenPort)) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                // the upstream's FIN arrives; the client, like the upstream, then says nothing more
                assertThat(client.getInputStream().read()).isEqualTo(-1);
                await().atMost(Duration.ofSeconds(5)).until(() -> failures("upstream", "timeout") > upstreamBefore);
            }

            assertThat(failures("tcp", "timeout")).isGreaterThan(clientBefore);
            assertQuiet(logs);
        }
    }

    private static void assertCountedQuietly(String host, int status, String reason) {
        try (LogCapture logs = LogCapture.start()) {
            double before = failures("upstream", reason);

            assertThat(fixture.http.get(host, "/").statusCode()).isEqualTo(status);

            await().atMost(Duration.ofSeconds(5)).until(() -> failures("upstream", reason) > before);
            assertQuiet(logs);
        }
    }

    private static double failures(String pipeline, String reason) {
        return QuietLogs.failures(fixture.registry, pipeline, reason);
    }

    /** Reads until the proxy closes: the upstream keeps its side open meanwhile. */
    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
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
