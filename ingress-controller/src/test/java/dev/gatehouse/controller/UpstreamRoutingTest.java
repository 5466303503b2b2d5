package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.H2cUpstream;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.tls.testing.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream behaviour and session affinity annotations through real requests, Gatehouse standalone on a manifest directory. */
class UpstreamRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;
    static HttpsServer tlsBackend;
    static H2cUpstream h2cBackend;
    static TestUpstream failing;

    @BeforeAll
    static void start() throws Exception {
        tlsBackend = tlsBackend();
        h2cBackend = new H2cUpstream("grpc-backend");
        failing = TestUpstream.start("failing", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(502, -1);
            exchange.close();
        });
        int refusing = closedPort();
        world = RoutingWorld.start(directory, Map.of("steady", 1, "byuri", 3, "byuser", 3, "sticky", 2, "ewma", 2, "cip", 1,
                "pod", 1), String.join("---\n",
                service("tls", 443, "", tlsBackend.getAddress().getPort()),
                service("tlsplain", 443, "", tlsBackend.getAddress().getPort()),
                service("grpc", 50051, "", h2cBackend.port()),
                service("flaky", 80, "", failing.port(), "${port:steady}"),
                service("relayed", 80, "", failing.port(), "${port:steady}"),
                service("refusing", 80, "", refusing, "${port:steady}"),
                service("viaip", "${port:cip}", "clusterIP: 127.0.0.1", "${port:pod}"),
                service("viapods", "${port:cip}", "clusterIP: 127.0.0.1", "${port:pod}"),
                ingress("https", "https.example", "tls", 443, "backend-protocol: \"HTTPS\""),
                ingress("plaintotls", "plaintotls.example", "tlsplain", 443, "proxy-read-timeout: \"60\""),
                ingress("grpc", "grpc.example", "grpc", 50051, "backend-protocol: \"GRPC\""),
                ingress("ewma", "ewma.example", "ewma", 8080, "load-balance: \"ewma\""),
                ingress("byuri", "byuri.example", "byuri", 8080, "upstream-hash-by: \"$request_uri\""),
                ingress("byuser", "byuser.example", "byuser", 8080, "upstream-hash-by: \"$http_x_user\""),
                ingress("sticky", "sticky.example", "sticky", 8080, """
                        affinity: "cookie"
                            nginx.ingress.kubernetes.io/affinity-mode: "persistent"
                            nginx.ingress.kubernetes.io/session-cookie-name: "route"
                            nginx.ingress.kubernetes.io/session-cookie-path: "/"
                            nginx.ingress.kubernetes.io/session-cookie-max-age: "3600"
                            nginx.ingress.kubernetes.io/session-cookie-expires: "7200"
                            nginx.ingress.kubernetes.io/session-cookie-samesite: "Strict"
                            nginx.ingress.kubernetes.io/session-cookie-secure: "true\""""),
                ingress("viaip", "viaip.example", "viaip", 0, "service-upstream: \"true\""),
                ingress("viapods", "viapods.example", "viapods", 0, "proxy-read-timeout: \"60\""),
                ingress("next", "next.example", "flaky", 80, "proxy-next-upstream: \"error timeout http_502\""),
                ingress("relayed", "relayed.example", "relayed", 80, "proxy-read-timeout: \"60\""),
                ingress("off", "off.example", "refusing", 80, "proxy-next-upstream: \"off\"")));
    }

    @AfterAll
    static void stop() {
        world.close();
        tlsBackend.stop(0);
        h2cBackend.close();
        failing.close();
    }

    @Test
    void backend_protocol_https_speaks_tls_to_a_service_port_that_does_not_say_so_itself() {
        HttpResponse<String> https = world.get("https.example", "/");

        assertThat(https.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(https)).isEqualTo("tls-backend");
        assertThat(world.get("plaintotls.example", "/").statusCode()).isEqualTo(502);
    }

    @Test
    void backend_protocol_grpc_speaks_http2_with_prior_knowledge_trailers_and_all() {
        try (H2cClient client = new H2cClient(world.gatehouse().proxy().httpAddress().getPort())) {
            H2cClient.Response response = client.get("grpc.example", "/test.Echo/Say");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("upstream: grpc-backend");
            assertThat(response.trailers()).containsEntry("x-upstream-trailer", "done");
        }
    }

    @Test
    void load_balance_ewma_picks_by_least_request_among_the_endpoints() {
        Set<String> answered = new HashSet<>();
        IntStream.range(0, 20).forEach(i -> answered.add(world.answeredBy("ewma.example", "/" + i)));

        assertThat(answered).containsExactlyInAnyOrder("ewma-1", "ewma-2");
        String routes = Admin.get(world.gatehouse().proxy().adminAddress().getPort(), "/routes").body();
        int cluster = routes.indexOf("\"name\" : \"default/ewma:8080\"");
        assertThat(cluster).isNotNegative();
        assertThat(routes.substring(cluster, Math.min(routes.length(), cluster + 120))).contains("least-request (2 choices)");
    }

    @Test
    void upstream_hash_by_request_uri_keeps_each_uri_on_one_endpoint() {
        Set<String> spread = new HashSet<>();
        for (int uri = 0; uri < 12; uri++) {
            String path = "/item/" + uri + "?page=2";
            Set<String> sameUri = new HashSet<>();
            IntStream.range(0, 4).forEach(i -> sameUri.add(world.answeredBy("byuri.example", path)));
            assertThat(sameUri).hasSize(1);
            spread.addAll(sameUri);
        }

        assertThat(spread).hasSizeGreaterThan(1);
    }

    @Test
    void upstream_hash_by_a_header_variable_keeps_each_user_on_one_endpoint_whatever_the_path() {
        Set<String> spread = new HashSet<>();
        for (int user = 0; user < 12; user++) {
            Set<String> sameUser = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                sameUser.add(Http.answeredBy(world.http().send(world.http().request("byuser.example", "/page/" + i)
                        .header("X-User", "user-" + user).GET().build())));
            }
            assertThat(sameUser).hasSize(1);
            spread.addAll(sameUser);
        }

        assertThat(spread).hasSizeGreaterThan(1);
    }

    @Test
    void cookie_affinity_sets_its_cookie_with_the_attributes_asked_for_and_keeps_the_session_on_its_endpoint() {
        HttpResponse<String> first = world.get("sticky.example", "/");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        String value = cookie.substring("route=".length(), cookie.indexOf(';'));

        assertThat(cookie).startsWith("route=").contains("; Path=/", "; Secure", "; HTTPOnly", "; SameSite=Strict", "; Max-Age=3600",
                "; Expires=");
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> next = world.http().send(world.http().request("sticky.example", "/" + i)
                    .header("Cookie", "route=" + value).GET().build());
            assertThat(Http.answeredBy(next)).isEqualTo(Http.answeredBy(first));
        }
    }

    @Test
    void service_upstream_sends_to_the_cluster_ip_instead_of_the_endpoints() {
        assertThat(world.answeredBy("viaip.example", "/")).isEqualTo("cip");
        assertThat(world.answeredBy("viapods.example", "/")).isEqualTo("pod");
    }

    @Test
    void proxy_next_upstream_http_502_sends_the_request_on_and_without_it_the_502_is_relayed() {
        Set<String> retried = new HashSet<>();
        IntStream.range(0, 6).forEach(i -> retried.add(world.answeredBy("next.example", "/" + i)));
        Set<String> relayed = new HashSet<>();
        IntStream.range(0, 4).forEach(i -> relayed.add(world.answeredBy("relayed.example", "/" + i)));

        assertThat(retried).containsExactly("steady");
        assertThat(relayed).containsExactlyInAnyOrder("steady", "failing");
    }

    @Test
    void proxy_next_upstream_off_answers_a_refused_connection_with_502_instead_of_trying_another_endpoint() {
        long failures = IntStream.range(0, 4).filter(i -> world.get("off.example", "/" + i).statusCode() == 502).count();

        assertThat(failures).isEqualTo(2);
    }

    private static String service(String name, Object port, String spec, Object... endpointPorts) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  %s
                  ports:
                  - {name: http, port: %s}
                """.formatted(name, spec, port));
        for (int i = 0; i < endpointPorts.length; i++) {
            yaml.append("""
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata:
                      name: %1$s-%2$d
                      labels: {kubernetes.io/service-name: %1$s}
                    addressType: IPv4
                    ports:
                    - {name: http, port: %3$s}
                    endpoints:
                    - addresses: ["127.0.0.1"]
                    """.formatted(name, i, endpointPorts[i]));
        }
        return yaml.toString();
    }

    /** An Ingress routing {@code host} to the Service's port (0: its port named http), with one nginx annotation. */
    private static String ingress(String name, String host, String service, int port, String annotation) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  annotations:
                    nginx.ingress.kubernetes.io/%s
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: %s
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: %s, port: %s}}}
                """.formatted(name, annotation, host, service, port == 0 ? "{name: http}" : "{number: " + port + "}");
    }

    private static HttpsServer tlsBackend() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Backend CA");
        TestCertificates.Issued certificate = TestCertificates.issue(ca, TestCertificates.KeyType.EC, "backend.internal");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("backend", certificate.keys().getPrivate(), new char[0],
                new Certificate[] {certificate.certificate(), ca.certificate()});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            byte[] body = "over tls".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Upstream", "tls-backend");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** A loopback port nobody listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
