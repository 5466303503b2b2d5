package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * default-backend, custom-http-errors and mirror-target through real requests, Gatehouse standalone on a manifest
 * directory: an upstream that answers the status its path names, a default backend that answers the X-Code it is
 * asked for with an echo of what it received, and mirror targets that record, hang or are not there at all.
 */
class ErrorPageAndMirrorRoutingTest {

    @TempDir
    static Path directory;
    static TestUpstream failing;
    static TestUpstream errors;
    static TestUpstream shadow;
    static RawUpstream hung;
    // copies the hung mirror target saw end: the proxy gives up on each only at the mirror's timeout
    static final AtomicInteger hungEnded = new AtomicInteger();
    static int nothingListening;
    static final List<Map<String, String>> mirrored = new CopyOnWriteArrayList<>();
    static RoutingWorld world;

    @BeforeAll
    static void start() throws IOException {
        failing = TestUpstream.start("failing", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
            answer(exchange, status, "failing said " + status + "\n");
        });
        errors = TestUpstream.start("errors", exchange -> {
            String code = exchange.getRequestHeaders().getFirst("X-Code");
            answer(exchange, code == null ? 200 : Integer.parseInt(code), echo(exchange, false));
        });
        shadow = TestUpstream.start("shadow", exchange -> {
            mirrored.add(Echo.parse(echo(exchange, true)));
            answer(exchange, 200, "shadow\n");
        });
        // reads the copy and never answers, until the proxy gives up on it
        hung = RawUpstream.start(socket -> {
            socket.getInputStream().readAllBytes();
            hungEnded.incrementAndGet();
        });
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothingListening = closed.getLocalPort();
        }
        world = RoutingWorld.start(directory, Map.of("web", 1, "empty", 0), String.join("---\n",
                service("failing", failing.port()),
                service("errors", errors.port()),
                ingress("pages", "pages.example", "failing", """
                        nginx.ingress.kubernetes.io/default-backend: "errors"
                        nginx.ingress.kubernetes.io/custom-http-errors: "404,503"
                        """),
                ingress("standin", "standin.example", "empty", "nginx.ingress.kubernetes.io/default-backend: \"errors\"\n"),
                ingress("gone", "gone.example", "nosuch", "nginx.ingress.kubernetes.io/default-backend: \"errors\"\n"),
                ingress("passthrough", "passthrough.example", "failing", """
                        nginx.ingress.kubernetes.io/default-backend: "errors"
                        nginx.ingress.kubernetes.io/custom-http-errors: "404,503"
                        nginx.ingress.kubernetes.io/disable-proxy-intercept-errors: "true"
                        """),
                ingress("global", "global.example", "failing", "nginx.ingress.kubernetes.io/custom-http-errors: \"503\"\n"),
                """
                        apiVersion: networking.k8s.io/v1
                        kind: Ingress
                        metadata:
                          name: catch-all
                        spec:
                          ingressClassName: gatehouse
                          defaultBackend:
                            service:
                              name: errors
                              port:
                                number: 80
                        """,
                ingress("mirrored", "mirrored.example", "web", "nginx.ingress.kubernetes.io/mirror-target: \"http://127.0.0.1:"
                        + shadow.port() + "/copy$request_uri\"\n"),
                ingress("headonly", "headonly.example", "web", """
                        nginx.ingress.kubernetes.io/mirror-target: "http://127.0.0.1:%d"
                        nginx.ingress.kubernetes.io/mirror-request-body: "off"
                        nginx.ingress.kubernetes.io/mirror-host: "shadow.internal"
                        """.formatted(shadow.port())),
                ingress("slowmirror", "slowmirror.example", "web", "nginx.ingress.kubernetes.io/mirror-target: \"http://127.0.0.1:"
                        + hung.port() + "$request_uri\"\n"),
                ingress("downmirror", "downmirror.example", "web", "nginx.ingress.kubernetes.io/mirror-target: \"http://127.0.0.1:"
                        + nothingListening + "$request_uri\"\n")));
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
        failing.close();
        errors.close();
        shadow.close();
        hung.close();
    }

    @Test
    void a_503_and_a_404_of_the_upstream_are_replaced_by_the_default_backends_page_told_what_ingress_nginx_tells_it() {
        HttpResponse<String> unavailable = world.http().send(world.http().request("pages.example", "/status/503?from=test")
                .header("Accept", "application/json").header("X-Request-ID", "req-503").GET().build());
        HttpResponse<String> missing = world.get("pages.example", "/status/404");

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(Http.answeredBy(unavailable)).isEqualTo("errors");
        assertThat(Echo.parse(unavailable.body())).containsEntry("method", "GET").containsEntry("uri", "/")
                .containsEntry("header.x-code", "503").containsEntry("header.x-format", "application/json")
                .containsEntry("header.x-original-uri", "/status/503?from=test").containsEntry("header.x-namespace", "default")
                .containsEntry("header.x-ingress-name", "pages").containsEntry("header.x-service-name", "failing")
                .containsEntry("header.x-service-port", "80").containsEntry("header.x-request-id", "req-503")
                .containsEntry("header.host", "pages.example");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Echo.parse(missing.body())).containsEntry("header.x-code", "404").containsEntry("header.x-original-uri", "/status/404");
    }

    @Test
    void other_statuses_pass_untouched() {
        HttpResponse<String> broken = world.get("pages.example", "/status/500");
        HttpResponse<String> fine = world.get("pages.example", "/fine");

        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("failing said 500\n");
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(fine)).isEqualTo("failing");
    }

    @Test
    void the_default_backend_answers_the_request_itself_when_the_service_has_no_endpoint_told_what_ingress_nginx_tells_it() {
        HttpResponse<String> response = world.http().send(world.http().request("standin.example", "/orders/7?x=1")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString("order")).build());

        // the errors upstream answers with the status X-Code names
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Http.answeredBy(response)).isEqualTo("errors");
        assertThat(Echo.parse(response.body())).containsEntry("method", "POST").containsEntry("uri", "/orders/7?x=1")
                .containsEntry("body", "order").containsEntry("header.x-code", "503").containsEntry("header.x-format", "text/html")
                .containsEntry("header.x-original-uri", "/orders/7?x=1").containsEntry("header.x-namespace", "default")
                .containsEntry("header.x-ingress-name", "standin").containsEntry("header.x-service-name", "empty")
                .containsEntry("header.x-service-port", "8080");
    }

    @Test
    void the_default_backend_stands_in_for_a_service_that_does_not_exist_with_the_same_headers() {
        HttpResponse<String> response = world.get("gone.example", "/");

        assertThat(Http.answeredBy(response)).isEqualTo("errors");
        assertThat(Echo.parse(response.body())).containsEntry("header.x-code", "503").containsEntry("header.x-ingress-name", "gone")
                .containsEntry("header.x-service-name", "nosuch").containsEntry("header.x-original-uri", "/");
    }

    @Test
    void disable_proxy_intercept_errors_passes_the_upstreams_errors_through() {
        HttpResponse<String> missing = world.get("passthrough.example", "/status/404");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("failing said 404\n");
    }

    @Test
    void custom_errors_without_a_default_backend_of_their_own_are_served_by_the_snapshots_default_backend() {
        HttpResponse<String> response = world.get("global.example", "/status/503");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Http.answeredBy(response)).isEqualTo("errors");
        assertThat(Echo.parse(response.body())).containsEntry("header.x-code", "503").containsEntry("header.x-ingress-name", "global");
    }

    @Test
    void the_mirror_receives_a_copy_with_method_target_and_body_while_the_client_gets_the_upstreams_answer() {
        HttpResponse<String> response = world.http().send(world.http().request("mirrored.example", "/orders?id=7")
                .header("X-Request-ID", "req-mirror").POST(HttpRequest.BodyPublishers.ofString("payload")).build());

        assertThat(Http.answeredBy(response)).isEqualTo("web");
        assertThat(Echo.parse(response.body())).containsEntry("uri", "/orders?id=7").containsEntry("body-bytes", "7");
        await().atMost(Duration.ofSeconds(10)).until(() -> copyOf("req-mirror") != null);
        assertThat(copyOf("req-mirror")).containsEntry("method", "POST").containsEntry("uri", "/copy/orders?id=7")
                .containsEntry("body", "payload").containsEntry("header.host", "127.0.0.1:" + shadow.port());
    }

    @Test
    void without_the_request_body_a_copy_has_none_and_mirror_host_is_its_host() {
        HttpResponse<String> response = world.http().send(world.http().request("headonly.example", "/upload")
                .header("X-Request-ID", "req-headonly").POST(HttpRequest.BodyPublishers.ofString("secret")).build());

        assertThat(Echo.parse(response.body())).containsEntry("body-bytes", "6");
        await().atMost(Duration.ofSeconds(10)).until(() -> copyOf("req-headonly") != null);
        assertThat(copyOf("req-headonly")).containsEntry("method", "POST").containsEntry("uri", "/upload")
                .containsEntry("body", "").containsEntry("header.host", "shadow.internal");
    }

    @Test
    void a_mirror_that_never_answers_or_is_not_there_changes_nothing_for_the_client() {
        HttpResponse<String> slow = world.get("slowmirror.example", "/slow");
        int endedWhenAnswered = hungEnded.get();
        HttpResponse<String> down = world.get("downmirror.example", "/down");

        assertThat(Http.answeredBy(slow)).isEqualTo("web");
        assertThat(Http.answeredBy(down)).isEqualTo("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> hung.connections() > 0);
        // the client had its answer while the copy's connection was still held open, waiting for the mirror's answer
        assertThat(endedWhenAnswered).isZero();
    }

    private static Map<String, String> copyOf(String requestId) {
        return mirrored.stream().filter(copy -> requestId.equals(copy.get("header.x-request-id"))).findFirst().orElse(null);
    }

    /** What a custom upstream received, in {@link Echo}'s form, with its body when asked. */
    private static String echo(HttpExchange exchange, boolean withBody) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        seen.put("method", exchange.getRequestMethod());
        seen.put("uri", exchange.getRequestURI().toString());
        seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!withBody && seen.get("body").isEmpty()) {
            seen.remove("body");
        }
        exchange.getRequestHeaders().forEach((name, values) -> seen.put("header." + name.toLowerCase(), String.join(",", values)));
        StringBuilder body = new StringBuilder();
        seen.forEach((key, value) -> body.append(key).append(": ").append(value).append('\n'));
        return body.toString();
    }

    private static void answer(HttpExchange exchange, int status, String text) {
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            exchange.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Service on port 80 with one ready endpoint, an upstream this test started. */
    private static String service(String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                spec:
                  ports:
                  - name: http
                    port: 80
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s-1
                  labels:
                    kubernetes.io/service-name: %1$s
                addressType: IPv4
                ports:
                - name: http
                  port: %2$d
                endpoints:
                - addresses: ["127.0.0.1"]
                  conditions:
                    ready: true
                """.formatted(name, port);
    }

    /** The failing upstream's Service port is 80, the others' 8080. */
    private static String ingress(String name, String host, String service, String annotations) {
        return annotatedIngress(name, host, service, service.equals("failing") ? 80 : 8080, annotations);
    }
}
