package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TlsClient;
import dev.gatehouse.proxy.testing.TlsUpstream;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsPassthrough;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS passthrough by server name through real sockets: on the HTTPS listener and on a port of its own, a client
 * completes its handshake with the upstream's own certificate (the proxy never decrypts), other names on the HTTPS
 * listener still get the proxy's; hostile first bytes on a passthrough port close the connection and reach no upstream.
 */
class TlsPassthroughTest {

    private static final Issued CA = TestCertificates.ca("Upstream CA");
    private static final Issued UPSTREAM = TestCertificates.issue(CA, KeyType.EC, "db.example.com");
    private static TlsUpstream tlsUpstream;
    private static RawUpstream raw;
    private static RawUpstream left;
    private static RawUpstream right;
    private static final List<byte[]> rawReceived = new CopyOnWriteArrayList<>();
    private static ProxyFixture fixture;
    private static int https;
    private static int ownPort;

    @BeforeAll
    static void start() throws Exception {
        tlsUpstream = TlsUpstream.start(UPSTREAM.keys().getPrivate(), UPSTREAM.certificate(), CA.certificate());
        raw = RawUpstream.start(socket -> {
            byte[] expected = ClientHellos.withServerName("ok.example.org");
            rawReceived.add(socket.getInputStream().readNBytes(expected.length));
        });
        left = RawUpstream.start(socket -> socket.getInputStream().readAllBytes());
        right = RawUpstream.start(socket -> socket.getInputStream().readAllBytes());
        fixture = new ProxyFixture(ProxySettings.builder().httpsPort(0).clientHeaderTimeout(Duration.ofSeconds(1)));
        https = fixture.proxy.httpsAddress().getPort();
        ownPort = TcpClient.freePort();
        ClusterName db = new ClusterName("test", "db", "443");
        ClusterName sink = new ClusterName("test", "raw", "443");
        ClusterName leftCluster = new ClusterName("test", "left", "443");
        ClusterName rightCluster = new ClusterName("test", "right", "443");
        int upstreamPort = tlsUpstream.port();
        fixture.proxy.apply(RoutingSnapshot.of(1, List.of(), List.of(
                        new Cluster(db, List.of(Endpoint.of("127.0.0.1", upstreamPort))),
                        new Cluster(sink, List.of(Endpoint.of("127.0.0.1", raw.port()))),
                        new Cluster(leftCluster, List.of(Endpoint.of("127.0.0.1", left.port()))),
                        new Cluster(rightCluster, List.of(Endpoint.of("127.0.0.1", right.port())))), null)
                .withTlsPassthrough(List.of(
                        new TlsPassthrough(HostPattern.of("db.example.com"), https, db),
                        new TlsPassthrough(HostPattern.of("*.example.org"), https, sink),
                        new TlsPassthrough(HostPattern.of("db.example.com"), ownPort, db),
                        new TlsPassthrough(HostPattern.of("*.example.org"), ownPort, sink),
                        new TlsPassthrough(HostPattern.of("split.example.net"), ownPort, List.of(
                                new TlsPassthrough.Backend(leftCluster, 1), new TlsPassthrough.Backend(rightCluster, 1))))));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.proxy.tcpAddress(ownPort) != null);
    }

    @AfterAll
    static void stop() {
        fixture.close();
        tlsUpstream.close();
        raw.close();
        left.close();
        right.close();
    }

    @Test
    void aNamePassedThroughOnTheHttpsListenerCompletesItsHandshakeWithTheUpstreamsOwnCertificate() throws IOException {
        try (SSLSocket socket = TlsClient.connect(https, "db.example.com")) {
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(UPSTREAM.certificate());
            assertThat(get(socket, "db.example.com")).contains("upstream saw sni=db.example.com");
        }
    }

    @Test
    void anotherNameOnTheHttpsListenerIsStillTerminatedWithTheProxysCertificate() throws IOException {
        X509Certificate served = TlsClient.served(https, "web.example.com");

        assertThat(served).isNotEqualTo(UPSTREAM.certificate());
        assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=Gatehouse Default Certificate");
        assertThat(TlsClient.served(https, null).getSubjectX500Principal().getName())
                .isEqualTo("CN=Gatehouse Default Certificate");
    }

    @Test
    void onAPortOfItsOwnAKnownNameIsPassedThroughAndAnUnknownNameOrNoNameIsClosed() throws IOException {
        try (SSLSocket socket = TlsClient.connect(ownPort, "DB.example.com")) {
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(UPSTREAM.certificate());
            // matched without regard to case, relayed as the client wrote it
            assertThat(get(socket, "db.example.com")).contains("upstream saw sni=DB.example.com");
        }
        assertThatThrownBy(() -> TlsClient.connect(ownPort, "web.example.com").close()).isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> TlsClient.connect(ownPort, null).close()).isInstanceOf(SSLException.class);
    }

    @Test
    void theUpstreamReceivesTheClientHelloByteForByteUnderAWildcardOfAnyDepth() throws IOException {
        byte[] hello = ClientHellos.withServerName("ok.example.org");
        int before = rawReceived.size();
        try (Socket socket = connect(https)) {
            socket.getOutputStream().write(hello);
            await().atMost(Duration.ofSeconds(10)).until(() -> rawReceived.size() > before);
        }
        assertThat(rawReceived.get(before)).isEqualTo(hello);
    }

    @Test
    void routesListsEachPassthroughRuleWithItsPortAndBackends() {
        String routes = new Http(fixture.proxy.adminAddress().getPort()).get(null, "/routes").body();

        assertThat(routes).contains("\"host\" : \"db.example.com\",\n    \"port\" : " + https + ",\n    \"backends\" : [ {\n"
                + "      \"cluster\" : \"test/db:443\",\n      \"weight\" : 1\n    } ]");
    }

    @Test
    void connectionsOfARuleWithTwoBackendsOfEqualWeightReachBoth() throws IOException {
        for (int i = 0; i < 40; i++) {
            int before = left.connections() + right.connections();
            try (Socket socket = connect(ownPort)) {
                socket.getOutputStream().write(ClientHellos.withServerName("split.example.net"));
                await().atMost(Duration.ofSeconds(10)).until(() -> left.connections() + right.connections() > before);
            }
        }

        // each connection picks a backend at random: both staying unpicked in 40 happens once in 2^39
        assertThat(left.connections()).isPositive();
        assertThat(right.connections()).isPositive();
        assertThat(left.connections() + right.connections()).isEqualTo(40);
    }

    @Test
    void aServerNameWithCharactersNoHostNameHasIsNotPassedThroughOnAPortOfItsOwn() throws IOException {
        int before = raw.connections();
        for (String name : List.of("evil\u0000.example.org", "a/b.example.org", "a b.example.org")) {
            try (Socket socket = connect(ownPort)) {
                socket.getOutputStream().write(ClientHellos.withServerName(name));

                assertThat(closedByProxy(socket)).as(name).isTrue();
            }
        }
        assertThat(raw.connections()).isEqualTo(before);
    }

    @Test
    void aTruncatedClientHelloIsClosedWhenTheHeaderTimeoutPasses() throws IOException {
        byte[] hello = ClientHellos.withServerName("ok.example.org");
        try (Socket socket = connect(ownPort)) {
            socket.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));

            assertThat(closedByProxy(socket)).isTrue();
        }
    }

    @Test
    void aClientHelloClaimingMoreThanTheLimitOrBytesThatAreNotTlsAreClosed() throws IOException {
        byte[] huge = {0x16, 3, 1, 0x40, 0x00, 0x01, (byte) 0xff, (byte) 0xff, (byte) 0xff, 3, 3};
        byte[] plain = "GET / HTTP/1.1\r\nHost: db.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (byte[] first : List.of(huge, plain)) {
            try (Socket socket = connect(ownPort)) {
                socket.getOutputStream().write(first);

                assertThat(closedByProxy(socket)).isTrue();
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Whether the proxy closed the connection (end of stream or reset) before the socket's read timeout. */
    private static boolean closedByProxy(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketException reset) {
            return true;
        }
    }

    private static String get(SSLSocket socket, String host) throws IOException {
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(answer);
        return answer.toString(StandardCharsets.UTF_8);
    }
}
