package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import dev.gatehouse.tls.testing.ClientCertificates;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client certificate authentication ({@code auth-tls-*}) through real TLS clients that present client certificates:
 * each host asks for them in the handshake for its server name and answers as ingress-nginx's nginx does.
 */
class ClientCertificateAuthTest {

    private static final Issued SERVER_CA = TestCertificates.ca("Server CA");
    private static final Issued CLIENT_CA = TestCertificates.ca("Client CA");
    private static final Issued OTHER_CA = TestCertificates.ca("Other CA");
    private static final Issued ALICE = ClientCertificates.client(CLIENT_CA, "O=Shop,CN=alice");
    private static final Issued BOB = ClientCertificates.client(CLIENT_CA, "O=Shop,CN=bob");
    private static final Issued MALLORY = ClientCertificates.client(OTHER_CA, "O=Shop,CN=alice");
    private static final Issued FIRST = ClientCertificates.intermediate(CLIENT_CA, "First Intermediate");
    private static final Issued SECOND = ClientCertificates.intermediate(FIRST, "Second Intermediate");
    private static final Issued CAROL = ClientCertificates.client(SECOND, "CN=carol");
    private static final String ERROR_PAGE = "https://errors.example/certificate.html";

    private static TestUpstream upstream;
    private static ProxyFixture fixture;
    private static int port;

    @BeforeAll
    static void start() throws CertificateProblem {
        upstream = TestUpstream.start("web");
        fixture = new ProxyFixture(ProxySettings.builder().httpsPort(0));
        port = fixture.proxy.httpsAddress().getPort();
        Issued server = TestCertificates.issue(SERVER_CA, KeyType.EC, "on.example", "*.example");
        TlsCertificate certificate = PemCertificates.parse(server.certificatePem() + SERVER_CA.certificatePem(), server.pkcs8(),
                Clock.systemUTC());
        Snapshots routes = new Snapshots();
        for (String host : List.of("on.example", "optional.example", "noca.example", "cn.example", "revoking.example",
                "deep.example", "errors.example", "plain.example")) {
            routes.route(host, "/", "web", upstream.port());
        }
        X509CRL revokesBob = ClientCertificates.crl(CLIENT_CA, BOB.certificate());
        RoutingSnapshot snapshot = routes.build(1).withTls(List.of(
                bind("on.example", certificate, auth(ClientAuth.Mode.ON, List.of(), 1, null, true, null)),
                bind("optional.example", certificate, auth(ClientAuth.Mode.OPTIONAL, List.of(), 1, null, false, null)),
                bind("noca.example", certificate, auth(ClientAuth.Mode.OPTIONAL_NO_CA, List.of(), 1, null, false, null)),
                bind("cn.example", certificate, auth(ClientAuth.Mode.ON, List.of(), 1, null, false, Pattern.compile("CN=alice"))),
                bind("revoking.example", certificate, auth(ClientAuth.Mode.ON, List.of(revokesBob), 1, null, false, null)),
                bind("deep.example", certificate, auth(ClientAuth.Mode.ON, List.of(), 2, null, false, null)),
                bind("errors.example", certificate, auth(ClientAuth.Mode.ON, List.of(), 1, ERROR_PAGE, false, null)),
                bind("plain.example", certificate, null)));
        fixture.proxy.apply(snapshot);
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstream.close();
    }

    @Test
    void aValidCertificateOnAHostThatRequiresOneReachesTheUpstreamWithTheVerifyAndNameHeaders() throws IOException {
        Map<String, String> response = get(ALICE, "on.example", "on.example");

        assertThat(response).containsEntry("status", "200");
        assertThat(Echo.parse(response.get("body"))).containsEntry("header.ssl-client-verify", "SUCCESS")
                .containsEntry("header.ssl-client-subject-dn", "CN=alice,O=Shop")
                .containsEntry("header.ssl-client-issuer-dn", "CN=Client CA");
    }

    @Test
    void withoutACertificateAHostThatRequiresOneAnswers400AndClosesAsNginxDoes() throws IOException {
        Map<String, String> response = get(null, "on.example", "on.example");

        assertThat(response).containsEntry("status", "400").containsEntry("connection", "close");
        assertThat(response.get("body")).contains("No required SSL certificate was sent");
    }

    @Test
    void aCertificateFromAnotherCaIsAnsweredWith400() throws IOException {
        Map<String, String> response = get(MALLORY, "on.example", "on.example");

        assertThat(response).containsEntry("status", "400");
        assertThat(response.get("body")).contains("The SSL certificate error");
    }

    @Test
    void aCertificateTheCrlRevokesIsAnswered400WhileAnotherOfTheSameCaPasses() throws IOException {
        assertThat(get(BOB, "revoking.example", "revoking.example")).containsEntry("status", "400");
        assertThat(get(ALICE, "revoking.example", "revoking.example")).containsEntry("status", "200");
    }

    @Test
    void anOptionalHostServesAClientWithoutCertificateAndTellsTheUpstreamNone() throws IOException {
        Map<String, String> response = get(null, "optional.example", "optional.example");

        assertThat(response).containsEntry("status", "200");
        assertThat(Echo.parse(response.get("body"))).containsEntry("header.ssl-client-verify", "NONE")
                .doesNotContainKey("header.ssl-client-subject-dn");
    }

    @Test
    void anOptionalHostStillRefusesACertificateThatFails() throws IOException {
        assertThat(get(MALLORY, "optional.example", "optional.example")).containsEntry("status", "400");
    }

    @Test
    void optionalNoCaLetsACertificateOfAnUnknownCaThroughMarkedFailed() throws IOException {
        Map<String, String> response = get(MALLORY, "noca.example", "noca.example");

        assertThat(response).containsEntry("status", "200");
        assertThat(Echo.parse(response.get("body")))
                .containsEntry("header.ssl-client-verify", "FAILED:unable to get local issuer certificate")
                .containsEntry("header.ssl-client-issuer-dn", "CN=Other CA");
    }

    @Test
    void optionalNoCaRefusesAnExpiredCertificateAsNginxDoes() throws IOException {
        Issued expired = ClientCertificates.client(CLIENT_CA, "CN=late", Instant.now().minusSeconds(60));

        assertThat(get(expired, "noca.example", "noca.example")).containsEntry("status", "400");
    }

    @Test
    void aSubjectThatMatchCnDoesNotMatchGets403() throws IOException {
        Map<String, String> refused = get(BOB, "cn.example", "cn.example");

        assertThat(refused).containsEntry("status", "403");
        assertThat(refused.get("body")).contains("client certificate unauthorized");
        assertThat(get(ALICE, "cn.example", "cn.example")).containsEntry("status", "200");
    }

    @Test
    void passCertificateSendsTheClientCertificateAsUrlEncodedPem() throws Exception {
        Map<String, String> response = get(ALICE, "on.example", "on.example");

        String escaped = Echo.parse(response.get("body")).get("header.ssl-client-cert");
        assertThat(escaped).startsWith("-----BEGIN%20CERTIFICATE-----%0A").doesNotContain(" ", "\n", "+", "/", "=");
        String pem = URLDecoder.decode(escaped, StandardCharsets.US_ASCII);
        X509Certificate sent = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(sent).isEqualTo(ALICE.certificate());
        assertThat(Echo.parse(get(ALICE, "optional.example", "optional.example").get("body")))
                .doesNotContainKey("header.ssl-client-cert");
    }

    @Test
    void aChainLongerThanTheVerifyDepthFailsAndOneWithinItPasses() throws IOException {
        X509Certificate[] intermediates = {SECOND.certificate(), FIRST.certificate()};

        assertThat(get(CAROL, "on.example", "on.example", intermediates)).containsEntry("status", "400");
        Map<String, String> deep = get(CAROL, "deep.example", "deep.example", intermediates);
        assertThat(deep).containsEntry("status", "200");
        assertThat(Echo.parse(deep.get("body"))).containsEntry("header.ssl-client-verify", "SUCCESS");
    }

    @Test
    void aFailureOnAHostWithAnErrorPageIsRedirectedThere() throws IOException {
        Map<String, String> response = get(MALLORY, "errors.example", "errors.example");

        assertThat(response).containsEntry("status", "302").containsEntry("location", ERROR_PAGE);
    }

    @Test
    void certificateHeadersAClientSendsNeverReachTheUpstream() throws IOException {
        Map<String, String> response = get(null, "optional.example", "optional.example",
                "ssl-client-verify: SUCCESS\r\nssl-client-subject-dn: CN=admin\r\nssl-client-cert: forged\r\n");

        assertThat(Echo.parse(response.get("body"))).containsEntry("header.ssl-client-verify", "NONE")
                .doesNotContainKeys("header.ssl-client-subject-dn", "header.ssl-client-cert");
    }

    @Test
    void aHostThatAsksForCertificatesIsOnlyServedOnAConnectionNegotiatedForItsOwnName() throws IOException {
        // the handshake for plain.example asked for no certificate, nor for deep.example's CA settings
        assertThat(get(ALICE, "plain.example", "on.example")).containsEntry("status", "421");
        assertThat(get(CAROL, "on.example", "deep.example", SECOND.certificate(), FIRST.certificate())).containsEntry("status", "421");
        // as nginx, a host that asks for nothing is served whatever the handshake was for
        assertThat(get(ALICE, "on.example", "plain.example")).containsEntry("status", "200");
        assertThat(get(null, null, "on.example")).containsEntry("status", "400");
    }

    @Test
    void aClientThatResumesItsTlsSessionIsStillKnownByItsCertificate() throws IOException {
        SSLContext context = ClientCertificates.presenting(ALICE);
        byte[][] sessions = new byte[2][];
        for (int i = 0; i < 2; i++) {
            try (SSLSocket socket = connect(context, "on.example", "TLSv1.2")) {
                Map<String, String> response = request(socket, "on.example", "");
                assertThat(response).containsEntry("status", "200");
                assertThat(Echo.parse(response.get("body"))).containsEntry("header.ssl-client-verify", "SUCCESS");
                sessions[i] = socket.getSession().getId();
            }
        }
        // TLS 1.2, whose session id shows a resumed session (TLS 1.3 resumes by ticket)
        assertThat(sessions[1]).as("the second handshake resumed the first one's session").isEqualTo(sessions[0]);
    }

    @Test
    void aValidCertificateOverHttp2ReachesTheUpstreamWithTheVerifyHeadersOnEveryStream() {
        try (H2cClient client = H2cClient.overTls(port, ClientCertificates.presenting(ALICE), "on.example")) {
            List<H2cClient.Response> responses = List.of(client.get("on.example", "/first"), client.get("on.example", "/second"));

            assertThat(client.applicationProtocol()).isEqualTo("h2");
            for (H2cClient.Response response : responses) {
                assertThat(response.status()).isEqualTo(200);
                assertThat(Echo.parse(response.body())).containsEntry("header.ssl-client-verify", "SUCCESS")
                        .containsEntry("header.ssl-client-subject-dn", "CN=alice,O=Shop")
                        .containsEntry("header.ssl-client-issuer-dn", "CN=Client CA")
                        .containsKey("header.ssl-client-cert");
            }
        }
    }

    @Test
    void withoutACertificateAnHttp2RequestToAHostThatRequiresOneAnswers400() {
        try (H2cClient client = H2cClient.overTls(port, ClientCertificates.presenting(null), "on.example")) {
            H2cClient.Response response = client.get("on.example", "/refused-over-h2");

            assertThat(client.applicationProtocol()).isEqualTo("h2");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("No required SSL certificate was sent");
        }
        assertThat(upstream.requests()).noneMatch(request -> "/refused-over-h2".equals(request.get("uri")));
    }

    @Test
    void anHttp2ConnectionNegotiatedForAnotherNameIsNotReusedForAHostThatAsksForCertificates() {
        // the server certificate covers *.example, so a browser may coalesce on.example onto plain.example's connection
        try (H2cClient client = H2cClient.overTls(port, ClientCertificates.presenting(ALICE), "plain.example")) {
            assertThat(client.get("plain.example", "/who").status()).isEqualTo(200);
            assertThat(client.get("on.example", "/who").status()).isEqualTo(421);
        }
    }

    private static ClientAuth auth(ClientAuth.Mode mode, List<X509CRL> crls, int depth, String errorPage, boolean pass,
                                   Pattern match) {
        return new ClientAuth("shop/client-ca", mode, List.of(CLIENT_CA.certificate()), crls, depth, errorPage, pass, match);
    }

    private static TlsBinding bind(String host, TlsCertificate certificate, ClientAuth auth) {
        return new TlsBinding(HostPattern.of(host), "shop/tls", certificate, auth);
    }

    private static Map<String, String> get(Issued client, String serverName, String host, X509Certificate... above)
            throws IOException {
        return get(client, serverName, host, "", above);
    }

    /**
     * One HTTP/1.1 request on a new connection with this client certificate (null: none) and server name (null: none):
     * status, headers, body.
     */
    private static Map<String, String> get(Issued client, String serverName, String host, String extraHeaders,
                                           X509Certificate... above) throws IOException {
        try (SSLSocket socket = connect(ClientCertificates.presenting(client, above), serverName)) {
            return request(socket, host, extraHeaders);
        }
    }

    /** A completed handshake, with these protocol versions only (none: the client's defaults). */
    private static SSLSocket connect(SSLContext context, String serverName, String... protocols) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(10_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static Map<String, String> request(SSLSocket socket, String host, String extraHeaders) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /who HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)));
    }

    private static Map<String, String> read(BufferedReader in) throws IOException {
        Map<String, String> response = new TreeMap<>();
        response.put("status", in.readLine().split(" ")[1]);
        List<String> lines = new ArrayList<>();
        String line;
        while (!(line = in.readLine()).isEmpty()) {
            lines.add(line);
        }
        for (String header : lines) {
            int colon = header.indexOf(':');
            response.put(header.substring(0, colon).toLowerCase(), header.substring(colon + 1).trim());
        }
        char[] body = new char[Integer.parseInt(response.getOrDefault("content-length", "0"))];
        int read = 0;
        while (read < body.length) {
            read += in.read(body, read, body.length - read);
        }
        response.put("body", new String(body));
        return response;
    }
}
