package dev.gatehouse.proxy;

import static dev.gatehouse.proxy.QuietLogs.assertQuiet;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.logging.testing.LogCapture;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.UpstreamTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What endpoints do to active health check probes, HTTP and TCP: reset, garbage, a TLS alert, a half-close followed
 * by silence, silence, a refused connection. Each probe that fails so is counted under {@code pipeline="health"} by
 * reason and nothing is logged above DEBUG (the thresholds are high enough that no endpoint changes state, which
 * is logged at INFO once per change).
 */
class HealthCheckPeerFailuresTest {

    private static final HealthCheck HTTP_CHECK = new HealthCheck("/healthz", Duration.ofMillis(50), Duration.ofMillis(300),
            1, 1_000_000);
    private static final HealthCheck TCP_CHECK = new HealthCheck(null, Duration.ofMillis(50), Duration.ofMillis(300),
            1, 1_000_000);
    private static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

    private static ProxyFixture fixture;
    private static RawUpstream reset;
    private static RawUpstream garbage;
    private static RawUpstream halfOpen;
    private static RawUpstream silent;
    private static RawUpstream alert;

    @BeforeAll
    static void start() throws IOException {
        reset = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.setSoLinger(true, 0);
        });
        garbage = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
        halfOpen = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.shutdownOutput();
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
        silent = RawUpstream.start(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()));
        alert = RawUpstream.start(socket -> {
            socket.getInputStream().read(new byte[5]);
            socket.getOutputStream().write(TLS_ALERT);
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .route("reset.example", "/", "reset", reset.port())
                .policy("reset", ClusterPolicy.DEFAULT.withHealthCheck(HTTP_CHECK))
                .route("garbage.example", "/", "garbage", garbage.port())
                .policy("garbage", ClusterPolicy.DEFAULT.withHealthCheck(HTTP_CHECK))
                .route("half-open.example", "/", "half-open", halfOpen.port())
                .policy("half-open", ClusterPolicy.DEFAULT.withHealthCheck(HTTP_CHECK))
                .route("silent.example", "/", "silent", silent.port())
                .policy("silent", ClusterPolicy.DEFAULT.withHealthCheck(HTTP_CHECK))
                .route("alert.example", "/", "alert", alert.port())
                .policy("alert", ClusterPolicy.DEFAULT.withHealthCheck(HTTP_CHECK).withTls(UpstreamTls.UNVERIFIED))
                .route("refused.example", "/", "refused", closedPort)
                .policy("refused", ClusterPolicy.DEFAULT.withHealthCheck(TCP_CHECK))
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        for (RawUpstream upstream : new RawUpstream[] {reset, garbage, halfOpen, silent, alert}) {
            upstream.close();
        }
    }

    @Test
    void aProbeTheEndpointResetsIsCountedAsResetAndNotLogged() {
        assertProbesCountedQuietly("reset");
    }

    @Test
    void aProbeAnsweredWithGarbageIsCountedAsMalformedAndNotLogged() {
        assertProbesCountedQuietly("malformed");
    }

    @Test
    void aProbeTheEndpointHalfClosesBeforeAnsweringIsCountedAsClosedAndNotLogged() {
        assertProbesCountedQuietly("closed");
    }

    @Test
    void aProbeTheEndpointLeavesUnansweredIsCountedAsTimeoutAndNotLogged() {
        assertProbesCountedQuietly("timeout");
    }

    @Test
    void aProbeWhoseTlsHandshakeGetsAnAlertIsCountedAsTlsAndNotLogged() {
        assertProbesCountedQuietly("tls");
    }

    @Test
    void aTcpProbeToAPortNobodyListensOnIsCountedAsRefusedAndNotLogged() {
        assertProbesCountedQuietly("refused");
    }

    /** Probes run every 50 ms: two more counted in a capture prove they go on being counted, not once by chance. */
    private static void assertProbesCountedQuietly(String reason) {
        try (LogCapture logs = LogCapture.start()) {
            double before = QuietLogs.failures(fixture.registry, "health", reason);

            await().atMost(Duration.ofSeconds(5)).until(() -> QuietLogs.failures(fixture.registry, "health", reason) >= before + 2);

            assertQuiet(logs);
        }
    }
}
