package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatehouse.logging.testing.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * Verifying clients (the JDK's, with its default trust store) against the HTTPS listener's generated default
 * certificate, which none of them trusts: each refuses it with an alert. That is a client's doing, so it must be
 * counted, not written to the log once per connection.
 */
class RefusedCertificateTest {

    private static final int CLIENTS = 1000;

    @Test
    void aThousandClientsRefusingTheCertificateWriteAHandfulOfLinesAndCountAThousandFailures() throws Exception {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().httpsPort(0));
                LogCapture logs = LogCapture.start().level("dev.gatehouse", Level.DEBUG)) {
            int port = fixture.proxy.httpsAddress().getPort();
            SSLContext verifying = SSLContext.getDefault();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> refused = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    refused.add(clients.submit(() -> refuses(verifying, port)));
                }
                for (Future<Boolean> each : refused) {
                    assertThat(each.get(30, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                clients.shutdownNow();
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    Counters.sum(fixture.registry, "gatehouse_tls_handshake_failures", Map.of())).isEqualTo(CLIENTS));
            assertThat(Counters.sum(fixture.registry, "gatehouse_connection_failures",
                    Map.of("pipeline", "downstream", "reason", "tls"))).isEqualTo(CLIENTS);
            // the per-minute summaries are flushed for the whole JVM: those of other tests' reasons may land here
            List<ILoggingEvent> ours = logs.events().stream().filter(event -> !summaryOfAnotherReason(event)).toList();
            assertThat(ours).as(logs.describe(logs.events())).hasSizeLessThanOrEqualTo(3)
                    .noneMatch(event -> event.getFormattedMessage().contains("reached at the tail of the pipeline"))
                    .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.INFO));
        }
    }

    private static boolean summaryOfAnotherReason(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        boolean summary = pairs.stream().anyMatch(pair -> pair.key.equals("count"));
        return summary && pairs.stream().noneMatch(pair -> pair.key.equals("reason") && String.valueOf(pair.value).contains("tls"));
    }

    /** True when the client refused the certificate: its handshake fails on the server's certificate. */
    private static boolean refuses(SSLContext verifying, int port) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(10_000);
            try (SSLSocket socket = (SSLSocket) verifying.getSocketFactory().createSocket(plain, "localhost", port, false)) {
                socket.startHandshake();
                return false;
            } catch (SSLHandshakeException refused) {
                return String.valueOf(refused.getMessage()).contains("PKIX");
            }
        }
    }
}
