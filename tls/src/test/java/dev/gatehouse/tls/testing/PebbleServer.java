package dev.gatehouse.tls.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Pebble, Let's Encrypt's RFC 8555 test server (Debian package {@code pebble}), on loopback ports for one
 * test class, with {@code pebble-challtestsrv} as its DNS server answering every A query with 127.0.0.1, so
 * any host name a test orders for is validated against this machine. Pebble validates HTTP-01 on
 * {@code httpValidationPort}, which is where the server under test must answer. Pebble's own HTTPS
 * certificate is made here ({@link #listenerCa()}); the root it issues from ({@link #issuingRoot()}) is new
 * at every start.
 */
public final class PebbleServer implements AutoCloseable {

    private static final Path PEBBLE = Path.of("/usr/bin/pebble");
    private static final Path CHALLTESTSRV = Path.of("/usr/bin/pebble-challtestsrv");
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Duration SHUTDOWN = Duration.ofSeconds(5);
    private static final int LOG_LINES = 30;

    private final Path work;
    private final List<Process> processes;
    private final int acmePort;
    private final int managementPort;
    private final TestCertificates.Issued listenerCa;
    private final HttpClient http;

    private PebbleServer(Path work, List<Process> processes, int acmePort, int managementPort,
                         TestCertificates.Issued listenerCa, HttpClient http) {
        this.work = work;
        this.processes = processes;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
        this.listenerCa = listenerCa;
        this.http = http;
    }

    /**
     * Starts the DNS server, then Pebble, and returns once Pebble's directory answers.
     *
     * @param httpValidationPort  the loopback port Pebble connects to when it validates an HTTP-01 challenge
     * @param certificateValidity the lifetime of the certificates Pebble issues (whole seconds)
     * @param blockedDomains      domains Pebble refuses to issue for, as a CA's policy would
     */
    public static PebbleServer start(int httpValidationPort, Duration certificateValidity, String... blockedDomains) {
        if (!Files.isExecutable(PEBBLE) || !Files.isExecutable(CHALLTESTSRV)) {
            throw new IllegalStateException(PEBBLE + " or " + CHALLTESTSRV
                    + " is missing (expected: the Debian package pebble installed; run-tests installs it)");
        }
        Path work;
        try {
            work = Files.createTempDirectory("pebble");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for Pebble", e);
        }
        List<Process> processes = new ArrayList<>();
        try {
            TestCertificates.Issued ca = TestCertificates.ca("Pebble Listener CA");
            TestCertificates.Issued listener = TestCertificates.loopback(ca);
            Files.writeString(work.resolve("cert.pem"), listener.certificatePem());
            Files.writeString(work.resolve("key.pem"), listener.pkcs8());

            int dnsPort = freeUdpAndTcpPort();
            processes.add(startDns(work, dnsPort));
            awaitUp("pebble-challtestsrv", processes.get(0), work.resolve("challtestsrv.log"), () -> answersTcp(dnsPort));

            int acmePort = freeTcpPort();
            int managementPort = freeTcpPort();
            writeConfig(work, acmePort, managementPort, httpValidationPort, certificateValidity, blockedDomains);
            processes.add(startPebble(work, dnsPort));
            HttpClient http = HttpClient.newBuilder().sslContext(TestCertificates.trusting(ca.certificate()))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            PebbleServer server = new PebbleServer(work, processes, acmePort, managementPort, ca, http);
            awaitUp("pebble", processes.get(1), work.resolve("pebble.log"),
                    () -> server.get(server.directory()).statusCode() == 200);
            return server;
        } catch (IOException | RuntimeException e) {
            try {
                stop(processes, work);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start Pebble", io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The ACME directory URL. */
    public URI directory() {
        return URI.create("https://127.0.0.1:" + acmePort + "/dir");
    }

    /** The CA that signed Pebble's own HTTPS listener certificate, which an ACME client must trust. */
    public X509Certificate listenerCa() {
        return listenerCa.certificate();
    }

    public String listenerCaPem() {
        return listenerCa.certificatePem();
    }

    /** The root that the certificates Pebble issues chain to, from its management interface. */
    public X509Certificate issuingRoot() {
        URI root = URI.create("https://127.0.0.1:" + managementPort + "/roots/0");
        try {
            HttpResponse<String> response = get(root);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + root + ": HTTP " + response.statusCode() + " (expected 200): "
                        + response.body());
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + root, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GET " + root + ": not a PEM certificate", e);
        }
    }

    @Override
    public void close() {
        stop(processes, work);
    }

    /** A free loopback TCP port, for the validation port a test passes to {@link #start} (a small race is accepted). */
    public static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Process startDns(Path work, int dnsPort) throws IOException {
        // an empty address turns a server off; the challenge servers would otherwise take ports 5001-5003,
        // and an empty default IPv6 keeps AAAA answers out, so Pebble validates on 127.0.0.1 only
        return new ProcessBuilder(CHALLTESTSRV.toString(),
                "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                "-dns01", "127.0.0.1:" + dnsPort,
                "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-management", "127.0.0.1:" + freeTcpPort())
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("challtestsrv.log").toFile()).start();
    }

    private static void writeConfig(Path work, int acmePort, int managementPort, int httpValidationPort, Duration validity,
                                    String[] blockedDomains) throws IOException {
        String blocklist = String.join(", ", java.util.Arrays.stream(blockedDomains).map(domain -> "\"" + domain + "\"").toList());
        // nothing listens on tlsPort: it is where TLS-ALPN-01 would be validated, which no test uses
        Files.writeString(work.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "cert.pem", "privateKey": "key.pem", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false, "certificateValidityPeriod": %d,
                  "domainBlocklist": [%s]}}
                """.formatted(acmePort, managementPort, httpValidationPort, freeTcpPort(), validity.toSeconds(), blocklist));
    }

    private static Process startPebble(Path work, int dnsPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PEBBLE.toString(), "-config", "pebble.json",
                "-dnsserver", "127.0.0.1:" + dnsPort)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("pebble.log").toFile());
        // by default Pebble sleeps up to 15 s before validating, rejects 5% of nonces and reuses
        // authorizations; tests want every order validated again, at once
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        builder.environment().put("PEBBLE_AUTHZREUSE", "0");
        return builder.start();
    }

    private static void awaitUp(String name, Process process, Path log, Callable<Boolean> up) {
        try {
            Awaitility.await(name).atMost(STARTUP).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .failFast(name + " exited", () -> !process.isAlive())
                    .until(up);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new IllegalStateException(name + " did not come up: " + e.getMessage() + "\nlast lines of its log:\n"
                    + tail(log), e);
        }
    }

    private static boolean answersTcp(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the processes, last started first, and deletes their directory. */
    private static void stop(List<Process> processes, Path work) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + work, e);
        }
    }

    /** A loopback port free for both TCP and UDP, as the DNS server takes both. */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freeTcpPort();
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // that number is taken for UDP: try another
            }
        }
        throw new IOException("no loopback port free for both TCP and UDP after 20 attempts");
    }
}
