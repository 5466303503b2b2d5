package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.proxy.testing.TlsClient;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTPS listener, through a real TLS client: the certificate by server name, rotation, ALPN h2, HTTP over TLS. */
class TlsTerminationTest {

    private static final Issued CA = TestCertificates.ca("Test CA");
    private static final String HSTS = "max-age=600; includeSubDomains";
    private static TestUpstream upstream;
    private static ProxyFixture fixture;
    private static TlsCertificate shop;
    private static TlsCertificate wildcard;
    private static int port;

    @BeforeAll
    static void start() throws CertificateProblem {
        upstream = TestUpstream.start("web");
        fixture = new ProxyFixture(ProxySettings.builder().httpsPort(0));
        port = fixture.proxy.httpsAddress().getPort();
        shop = certificate(TestCertificates.issue(CA, KeyType.EC, "shop.example.com"));
        wildcard = certificate(TestCertificates.issue(CA, KeyType.RSA, "*.example.org"));
        fixture.proxy.apply(snapshot(shop, 1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstream.close();
    }

    @Test
    void the_certificate_is_chosen_by_server_name_exact_then_wildcard_then_the_default() throws IOException {
        assertThat(served("shop.example.com")).isEqualTo(shop.leaf());
        assertThat(served("SHOP.example.com")).isEqualTo(shop.leaf());
        assertThat(served("api.example.org")).isEqualTo(wildcard.leaf());
        assertThat(served("deep.api.example.org").getSubjectX500Principal().getName())
                .isEqualTo("CN=Gatehouse Default Certificate");
        assertThat(served("unknown.example.net").getSubjectX500Principal().getName())
                .isEqualTo("CN=Gatehouse Default Certificate");
        assertThat(served(null).getSubjectX500Principal().getName()).isEqualTo("CN=Gatehouse Default Certificate");
    }

    @Test
    void a_default_certificate_in_the_snapshot_replaces_the_generated_one() throws Exception {
        TlsCertificate ours = certificate(TestCertificates.issue(CA, KeyType.EC, "default.example.com"));
        try {
            fixture.proxy.apply(snapshot(shop, 5).withTls(fixture.proxy.snapshot().tls(), ours));

            assertThat(served("unknown.example.net")).isEqualTo(ours.leaf());
            assertThat(served(null)).isEqualTo(ours.leaf());
            assertThat(served("shop.example.com")).isEqualTo(shop.leaf());
        } finally {
            fixture.proxy.apply(snapshot(shop, 6));
        }
    }

    @Test
    void http_over_tls_reaches_the_upstream_with_x_forwarded_proto_https() throws IOException {
        try (SSLSocket socket = connect("shop.example.com", "http/1.1")) {
            Map<String, String> response = request(socket, "shop.example.com", "/hello");

            assertThat(response).containsEntry("status", "200").containsEntry("x-upstream", "web");
            assertThat(Echo.parse(response.get("body"))).containsEntry("header.x-forwarded-proto", "https")
                    .containsEntry("uri", "/hello");
        }
    }

    @Test
    void a_rotated_certificate_is_served_to_new_handshakes_while_an_open_connection_keeps_working() throws Exception {
        TlsCertificate rotated = certificate(TestCertificates.issue(CA, KeyType.EC, "rotating.example.com"));
        TlsCertificate before = certificate(TestCertificates.issue(CA, KeyType.EC, "rotating.example.com"));
        fixture.proxy.apply(snapshot(before, 2).withTls(List.of(
                new TlsBinding(HostPattern.of("rotating.example.com"), "shop/rotating", before))));
        try (SSLSocket open = connect("rotating.example.com", "http/1.1")) {
            assertThat(open.getSession().getPeerCertificates()[0]).isEqualTo(before.leaf());
            assertThat(request(open, "rotating.example.com", "/first")).containsEntry("status", "200");

            fixture.proxy.apply(snapshot(before, 3).withTls(List.of(
                    new TlsBinding(HostPattern.of("rotating.example.com"), "shop/rotating", rotated))));

            assertThat(request(open, "rotating.example.com", "/second")).containsEntry("status", "200");
            assertThat(served("rotating.example.com")).isEqualTo(rotated.leaf());
        } finally {
            fixture.proxy.apply(snapshot(shop, 4));
        }
    }

    @Test
    void alpn_offers_h2_and_an_http2_client_is_served_over_tls() throws Exception {
        try (SSLSocket socket = connect("shop.example.com", "h2", "http/1.1")) {
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
        }
        HttpClient client = HttpClient.newBuilder().sslContext(TlsClient.trustAll()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/h2"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Echo.parse(response.body())).containsEntry("header.x-forwarded-proto", "https");
    }

    @Test
    void a_returning_client_resumes_its_tls_session() throws Exception {
        SSLContext client = TlsClient.trustAll();
        byte[] first = sessionId(client);
        byte[] second = sessionId(client);

        assertThat(first).isNotEmpty();
        assertThat(second).isEqualTo(first);
    }

    /** A TLS 1.2 handshake with a client's context, which keeps the sessions it made. */
    private static byte[] sessionId(SSLContext client) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            return socket.getSession().getId();
        }
    }

    @Test
    void only_tls_1_2_and_1_3_are_accepted() throws Exception {
        SSLSocket socket = (SSLSocket) TlsClient.trustAll().getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        socket.close();
    }

    @Test
    void plain_http_to_a_host_with_tls_is_redirected_with_308_except_acme_challenges() {
        Http http = fixture.http;

        HttpResponse<String> redirected = http.get("shop.example.com:8080", "/cart?item=1");
        HttpResponse<String> challenge = http.get("shop.example.com", "/.well-known/acme-challenge/token-1");
        HttpResponse<String> other = http.get("plain.example.net", "/cart");

        assertThat(redirected.statusCode()).isEqualTo(308);
        assertThat(redirected.headers().firstValue("location")).hasValue("https://shop.example.com:" + port + "/cart?item=1");
        assertThat(challenge.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(challenge)).isEqualTo("web");
        assertThat(Http.answeredBy(other)).isEqualTo("web");
        assertThat(other.headers().firstValue("strict-transport-security")).isEmpty();
    }

    @Test
    void https_responses_of_a_host_with_hsts_carry_strict_transport_security() throws IOException {
        try (SSLSocket socket = connect("shop.example.com", "http/1.1")) {
            assertThat(request(socket, "shop.example.com", "/")).containsEntry("strict-transport-security", HSTS);
        }
        assertThat(fixture.http.get("shop.example.com", "/.well-known/acme-challenge/x").headers()
                .firstValue("strict-transport-security")).isEmpty();
    }

    @Test
    void handshakes_failures_and_certificate_expiry_are_in_the_metrics() throws Exception {
        served("shop.example.com");
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(5000);
            plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(plain.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/");
        }

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = new Http(fixture.proxy.adminAddress().getPort()).get(null, "/metrics").body();
            assertThat(metrics).containsPattern("gatehouse_tls_handshakes_total\\{protocol=\"TLSv1\\.[23]\"} [1-9]")
                    .containsPattern("gatehouse_tls_handshake_failures_total\\{reason=\"[a-z_]+\"} [1-9]");
            Matcher expiry = Pattern.compile("gatehouse_tls_certificate_expiry_timestamp_seconds"
                    + "\\{host=\"shop\\.example\\.com\",secret=\"shop/shop-tls\"} (\\S+)").matcher(metrics);
            assertThat(expiry.find()).isTrue();
            assertThat(Double.parseDouble(expiry.group(1))).isEqualTo((double) shop.notAfter().getEpochSecond());
        });
    }

    /**
     * Host shop.example.com (with TLS: redirect and HSTS) and any other host route to the upstream;
     * shop.example.com and *.example.org have certificates.
     */
    private static RoutingSnapshot snapshot(TlsCertificate shopCertificate, long version) {
        return new Snapshots()
                .route("shop.example.com", "/", "web", RequestPolicy.DEFAULTS.withTls(true, HSTS), upstream.port())
                .route("", "/", "web", upstream.port())
                .build(version)
                .withTls(List.of(new TlsBinding(HostPattern.of("shop.example.com"), "shop/shop-tls", shopCertificate),
                        new TlsBinding(HostPattern.of("*.example.org"), "shop/wildcard-tls", wildcard)));
    }

    private static TlsCertificate certificate(Issued issued) throws CertificateProblem {
        return PemCertificates.parse(issued.certificatePem() + CA.certificatePem(), issued.pkcs8(), Clock.systemUTC());
    }

    private static X509Certificate served(String serverName) throws IOException {
        return TlsClient.served(port, serverName);
    }

    private static SSLSocket connect(String serverName, String... protocols) throws IOException {
        return TlsClient.connect(port, serverName, protocols);
    }

    /** One HTTP/1.1 request on an open connection: the status, the headers (lower case) and the body. */
    private static Map<String, String> request(SSLSocket socket, String host, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        Map<String, String> response = new TreeMap<>();
        response.put("status", in.readLine().split(" ")[1]);
        String line;
        while (!(line = in.readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            response.put(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).trim());
        }
        char[] body = new char[Integer.parseInt(response.get("content-length"))];
        int read = 0;
        while (read < body.length) {
            read += in.read(body, read, body.length - read);
        }
        response.put("body", new String(body));
        return response;
    }
}
