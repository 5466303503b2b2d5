package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BackendTLSPolicy through the real proxy (conformance tests BackendTLSPolicy, BackendTLSPolicySANValidation,
 * BackendTLSPolicyInvalidCACertificateRef): an HTTPRoute's backends are Services whose one endpoint is the same
 * in-process TLS server, with a certificate for {@code backend.internal} and a SPIFFE URI, issued by a test CA; each
 * Service has its own policy.
 */
class GatewayBackendTlsTest {

    private static final Issued CA = TestCertificates.ca("Backend CA");
    private static final Issued OTHER_CA = TestCertificates.ca("Another CA");
    private static final String SPIFFE_ID = "spiffe://cluster.local/ns/default/sa/backend";

    @TempDir
    static Path directory;
    static HttpsServer backend;
    static RoutingWorld world;

    @BeforeAll
    static void start() throws Exception {
        backend = tlsBackend(TestCertificates.withUri(CA, "backend.internal", SPIFFE_ID));
        int port = backend.getAddress().getPort();
        StringBuilder manifests = new StringBuilder("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: backend-ca}
                data:
                  ca.crt: |
                %s
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: other-ca}
                data:
                  ca.crt: |
                %s
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: not-a-ca}
                data:
                  ca.crt: "no certificate here"
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: backend-tls}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [abc.example.com]
                  rules:
                """.formatted(indent(TestCertificates.pem(CA.certificate())), indent(TestCertificates.pem(OTHER_CA.certificate()))));
        String[][] cases = {
                {"right-ca", "caCertificateRefs: [{group: \"\", kind: ConfigMap, name: backend-ca}], hostname: backend.internal"},
                {"wrong-ca", "caCertificateRefs: [{group: \"\", kind: ConfigMap, name: other-ca}], hostname: backend.internal"},
                {"wrong-hostname", "caCertificateRefs: [{group: \"\", kind: ConfigMap, name: backend-ca}], hostname: other.internal"},
                {"uri-san", "caCertificateRefs: [{group: \"\", kind: ConfigMap, name: backend-ca}], hostname: sni.example.com, "
                        + "subjectAltNames: [{type: URI, uri: \"" + SPIFFE_ID + "\"}]"},
                {"wrong-san", "caCertificateRefs: [{group: \"\", kind: ConfigMap, name: backend-ca}], hostname: backend.internal, "
                        + "subjectAltNames: [{type: Hostname, hostname: other.internal}]"},
                {"missing-ca", "caCertificateRefs: [{group: \"\", kind: ConfigMap, name: not-there}], hostname: backend.internal"},
                {"malformed-ca", "caCertificateRefs: [{group: \"\", kind: ConfigMap, name: not-a-ca}], hostname: backend.internal"},
                {"system-ca", "wellKnownCACertificates: System, hostname: backend.internal"},
        };
        for (String[] one : cases) {
            manifests.append("""
                      - matches: [{path: {type: PathPrefix, value: /%1$s}}]
                        backendRefs: [{name: %1$s, port: 443}]
                    """.formatted(one[0]));
        }
        manifests.append("---\n");
        for (String[] one : cases) {
            manifests.append("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: %1$s}
                    spec:
                      ports: [{name: https, port: 443}]
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata:
                      name: %1$s
                      labels: {kubernetes.io/service-name: %1$s}
                    addressType: IPv4
                    ports: [{name: https, port: %2$d}]
                    endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: BackendTLSPolicy
                    metadata: {name: %1$s}
                    spec:
                      targetRefs: [{group: "", kind: Service, name: %1$s, sectionName: https}]
                      validation: {%3$s}
                    ---
                    """.formatted(one[0], port, one[1]));
        }
        world = GatewayWorld.start(directory, manifests.toString());
    }

    @AfterAll
    static void stop() {
        world.close();
        backend.stop(0);
    }

    @Test
    void backendTlsPolicyWithTheBackendsCaAndHostnameReachesItOverTlsWithTheHostnameSentBySni() {
        HttpResponse<String> response = world.get("abc.example.com", "/right-ca");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("tls backend, sni=backend.internal");
    }

    @Test
    void aCertificateFromAnotherCaOrForAnotherHostnameIsRefusedWith502() {
        assertThat(world.get("abc.example.com", "/wrong-ca").statusCode()).isEqualTo(502);
        assertThat(world.get("abc.example.com", "/wrong-hostname").statusCode()).isEqualTo(502);
    }

    @Test
    void backendTlsPolicySanValidationChecksTheSubjectAltNamesInsteadOfTheSniHostname() {
        HttpResponse<String> response = world.get("abc.example.com", "/uri-san");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("tls backend, sni=sni.example.com");
        assertThat(world.get("abc.example.com", "/wrong-san").statusCode()).isEqualTo(502);
    }

    @Test
    void backendTlsPolicyInvalidCaCertificateRefFailsTheRequestsRatherThanReachTheBackendUnverified() {
        assertThat(world.get("abc.example.com", "/missing-ca").statusCode()).isEqualTo(500);
        assertThat(world.get("abc.example.com", "/malformed-ca").statusCode()).isEqualTo(500);
    }

    @Test
    void wellKnownSystemCasDoNotTrustATestCa() {
        assertThat(world.get("abc.example.com", "/system-ca").statusCode()).isEqualTo(502);
    }

    private static String indent(String pem) {
        return pem.lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
    }

    private static HttpsServer tlsBackend(Issued certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("backend", certificate.keys().getPrivate(), new char[0], new Certificate[] {certificate.certificate(), CA.certificate()});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            String sni = ((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession()).getRequestedServerNames().stream()
                    .map(name -> ((SNIHostName) name).getAsciiName()).collect(Collectors.joining(","));
            byte[] body = ("tls backend, sni=" + sni).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
