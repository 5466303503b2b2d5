package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.UpstreamTls;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster spoken to over TLS: HTTPS to a real TLS server, verified or not, with SNI. */
class UpstreamTlsTest {

    private static final Issued CA = TestCertificates.ca("Backend CA");
    private static final Issued OTHER_CA = TestCertificates.ca("Another CA");
    private static HttpsServer backend;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        Issued certificate = TestCertificates.issue(CA, KeyType.EC, "backend.internal");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("backend", certificate.keys().getPrivate(), new char[0],
                new Certificate[] {certificate.certificate(), CA.certificate()});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        backend = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.setHttpsConfigurator(new HttpsConfigurator(context));
        backend.createContext("/", exchange -> {
            String serverNames = ((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession()).getRequestedServerNames().stream()
                    .map(name -> ((SNIHostName) name).getAsciiName()).collect(Collectors.joining(","));
            byte[] body = ("sni=" + serverNames).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Upstream", "tls-backend");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        int port = backend.getAddress().getPort();
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .route("unverified.example", "/", "unverified", port)
                .policy("unverified", ClusterPolicy.DEFAULT.withTls(UpstreamTls.UNVERIFIED))
                .route("verified.example", "/", "verified", port)
                .policy("verified", ClusterPolicy.DEFAULT.withTls(new UpstreamTls(true, List.of(CA.certificate()), "backend.internal")))
                .route("untrusted.example", "/", "untrusted", port)
                .policy("untrusted", ClusterPolicy.DEFAULT.withTls(
                        new UpstreamTls(true, List.of(OTHER_CA.certificate()), "backend.internal")))
                .route("misnamed.example", "/", "misnamed", port)
                .policy("misnamed", ClusterPolicy.DEFAULT.withTls(new UpstreamTls(true, List.of(CA.certificate()), "other.internal")))
                .route("san.example", "/", "san", port)
                .policy("san", ClusterPolicy.DEFAULT.withTls(new UpstreamTls(true, List.of(CA.certificate()), "sni.only",
                        List.of(new UpstreamTls.SubjectName(false, "other.internal"), new UpstreamTls.SubjectName(false, "backend.internal")))))
                .route("wrong-san.example", "/", "wrong-san", port)
                .policy("wrong-san", ClusterPolicy.DEFAULT.withTls(new UpstreamTls(true, List.of(CA.certificate()), "backend.internal",
                        List.of(new UpstreamTls.SubjectName(true, "spiffe://cluster.local/ns/apps/sa/backend")))))
                .route("plain.example", "/", "plain", port)
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        backend.stop(0);
    }

    @Test
    void an_unverified_tls_upstream_is_reached_over_https() {
        HttpResponse<String> response = fixture.http.get("unverified.example", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(response)).isEqualTo("tls-backend");
    }

    @Test
    void a_verified_upstream_is_reached_with_its_server_name_sent_by_sni() {
        HttpResponse<String> response = fixture.http.get("verified.example", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("sni=backend.internal");
    }

    @Test
    void a_certificate_from_another_ca_or_for_another_name_is_refused_with_502() {
        assertThat(fixture.http.get("untrusted.example", "/").statusCode()).isEqualTo(502);
        assertThat(fixture.http.get("misnamed.example", "/").statusCode()).isEqualTo(502);
    }

    @Test
    void with_subject_alt_names_the_sni_name_is_sent_and_the_certificate_must_carry_one_of_them() {
        HttpResponse<String> response = fixture.http.get("san.example", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("sni=sni.only");
        assertThat(fixture.http.get("wrong-san.example", "/").statusCode()).isEqualTo(502);
    }

    @Test
    void plain_text_to_a_tls_upstream_fails_rather_than_reaching_it() throws IOException {
        assertThat(fixture.http.get("plain.example", "/").statusCode()).isEqualTo(502);
    }
}
