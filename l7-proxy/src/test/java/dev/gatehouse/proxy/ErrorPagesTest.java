package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.Buffering;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Custom error pages and a route's own default backend, through a real proxy and real upstreams. */
class ErrorPagesTest {

    private static final ClusterName ERRORS = new ClusterName("test", "errors", "80");

    private TestUpstream web;
    private TestUpstream errors;
    private ProxyFixture fixture;

    @BeforeEach
    void start() {
        web = TestUpstream.start("web", exchange -> {
            String path = exchange.getRequestURI().getPath();
            answer(exchange, path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200, "web\n");
        });
        errors = TestUpstream.start("errors", exchange -> {
            String code = exchange.getRequestHeaders().getFirst("X-Code");
            StringBuilder body = new StringBuilder("method: " + exchange.getRequestMethod() + "\nuri: " + exchange.getRequestURI() + "\n");
            exchange.getRequestHeaders().forEach((name, values) ->
                    body.append("header.").append(name.toLowerCase()).append(": ").append(String.join(",", values)).append('\n'));
            answer(exchange, code == null ? 200 : Integer.parseInt(code), body.toString());
        });
        fixture = new ProxyFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
        web.close();
        errors.close();
    }

    @Test
    void an_upstream_answer_with_a_listed_status_is_replaced_by_the_page_and_its_body_discarded() {
        fixture.proxy.apply(snapshot(pages(Set.of(404)), web.port()));

        HttpResponse<String> response = fixture.http.send(fixture.http.request("shop.example", "/status/404?q=1")
                .header("Accept", "text/html").GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.answeredBy(response)).isEqualTo("errors");
        assertThat(Echo.parse(response.body())).containsEntry("method", "GET").containsEntry("uri", "/")
                .containsEntry("header.x-code", "404").containsEntry("header.x-format", "text/html")
                .containsEntry("header.x-original-uri", "/status/404?q=1").containsEntry("header.x-namespace", "test")
                .containsEntry("header.x-ingress-name", "shop").containsEntry("header.x-service-name", "web")
                .containsEntry("header.x-service-port", "80").containsKey("header.x-request-id");
        assertThat(fixture.http.get("shop.example", "/status/410").statusCode()).isEqualTo(410);
        assertThat(Http.answeredBy(fixture.http.get("shop.example", "/status/410"))).isEqualTo("web");
    }

    @Test
    void a_head_request_gets_the_page_head_and_the_connection_serves_the_next_request() throws IOException {
        fixture.proxy.apply(snapshot(pages(Set.of(404)), web.port()));

        try (RawClient client = new RawClient(fixture.port())) {
            client.send("HEAD /status/404 HTTP/1.1\r\nHost: shop.example\r\n\r\n");
            String head = client.readHead();
            client.send("GET /fine HTTP/1.1\r\nHost: shop.example\r\n\r\n");
            String next = client.readResponse();

            assertThat(head).startsWith("HTTP/1.1 404").containsIgnoringCase(TestUpstream.NAME_HEADER + ": errors");
            assertThat(next).startsWith("HTTP/1.1 200").containsIgnoringCase(TestUpstream.NAME_HEADER + ": web").endsWith("web\n");
        }
    }

    @Test
    void an_answer_being_replaced_whose_body_stalls_past_the_read_timeout_gets_the_page_and_no_other_attempt() {
        CountDownLatch stalled = new CountDownLatch(1);
        AtomicInteger connections = new AtomicInteger();
        RawUpstream.Behaviour firstStalls = socket -> {
            RawUpstream.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (connections.getAndIncrement() == 0) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\n\r\nonly part".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                awaitQuietly(stalled);
            } else {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nother\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        };
        fixture.close();
        fixture = ProxyFixture.withReadTimeout(Duration.ofMillis(300));
        try (RawUpstream one = RawUpstream.start(firstStalls); RawUpstream two = RawUpstream.start(firstStalls)) {
            fixture.proxy.apply(snapshot(pages(Set.of(404)), one.port(), two.port()));

            HttpResponse<String> response = fixture.http.get("shop.example", "/slow");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Echo.parse(response.body())).containsEntry("header.x-code", "404").containsEntry("header.x-original-uri", "/slow");
            assertThat(connections).hasValue(1);
        } finally {
            stalled.countDown();
        }
    }

    @Test
    void a_client_still_uploading_when_its_page_is_served_is_not_cut_off_by_a_drain() throws Exception {
        try (RawUpstream refusing = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }); RawClient client = new RawClient(fixture.port())) {
            // a streamed body: a buffered one would not reach the upstream before it is complete
            RequestPolicy streaming = RequestPolicy.DEFAULTS.withBuffering(new Buffering(false, Buffering.REQUEST_MEMORY_BYTES, false,
                    Buffering.RESPONSE_BYTES, Buffering.RESPONSE_FILE_BYTES));
            fixture.proxy.apply(new Snapshots().route("shop.example", "/", "web", streaming, pages(Set.of(404)), refusing.port())
                    .route("errors.example", "/", "errors", errors.port()).build(1));
            client.send("POST /upload HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 10\r\n\r\n12345");
            String page = client.readResponse();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(
                    () -> fixture.proxy.shutdown(Duration.ZERO, Duration.ofSeconds(20)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), fixture.port()).close())
                            .isInstanceOf(ConnectException.class));
            // the rest of the body, then a next request: the drain waits for the body to end, as after any answer
            client.send("67890GET /after HTTP/1.1\r\nHost: shop.example\r\n\r\n");
            String after = client.readResponse();

            assertThat(page).startsWith("HTTP/1.1 404").contains("header.x-original-uri: /upload");
            assertThat(after).startsWith("HTTP/1.1 404").contains("header.x-original-uri: /after");
            shutdown.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void over_http2_each_page_is_asked_for_once_with_the_forwarded_headers_of_any_request_sent_upstream() {
        fixture.proxy.apply(snapshot(pages(Set.of(404)), web.port()));

        try (H2cClient client = new H2cClient(fixture.port())) {
            // the second page's request finds the first one's connection to the default backend in the pool
            H2cClient.Response first = client.get("shop.example", "/status/404");
            H2cClient.Response second = client.get("shop.example", "/status/404?again");

            assertThat(first.status()).isEqualTo(404);
            assertThat(second.status()).isEqualTo(404);
            assertThat(errors.requests()).hasSize(2);
            assertThat(Echo.parse(second.body())).containsEntry("header.x-code", "404")
                    .containsEntry("header.x-original-uri", "/status/404?again").containsKey("header.x-forwarded-for");
        }
    }

    @Test
    void the_proxys_own_502_for_an_upstream_that_is_down_is_replaced_too() throws IOException {
        fixture.proxy.apply(snapshot(pages(Set.of(502)), closedPort()));

        HttpResponse<String> response = fixture.http.get("shop.example", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Echo.parse(response.body())).containsEntry("header.x-code", "502").containsEntry("header.x-service-name", "web");
    }

    @Test
    void an_upstream_that_breaks_off_the_answer_being_replaced_still_gets_the_page() {
        try (RawUpstream breaking = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            socket.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\n\r\nonly part"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        })) {
            fixture.proxy.apply(snapshot(pages(Set.of(404)), breaking.port()));

            HttpResponse<String> response = fixture.http.get("shop.example", "/gone");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Echo.parse(response.body())).containsEntry("header.x-code", "404").containsEntry("header.x-original-uri", "/gone");
        }
    }

    @Test
    void the_routes_own_default_backend_serves_the_request_when_its_cluster_has_no_endpoint_told_it_by_x_code() {
        fixture.proxy.apply(snapshot(pages(Set.of()), new int[0]));

        HttpResponse<String> response = fixture.http.send(fixture.http.request("shop.example", "/cart")
                .POST(HttpRequest.BodyPublishers.ofString("item")).build());

        // the default backend answers with the status X-Code names, as ingress-nginx's default backends do
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Echo.parse(response.body())).containsEntry("method", "POST").containsEntry("uri", "/cart")
                .containsEntry("header.x-code", "503").containsEntry("header.x-original-uri", "/cart")
                .containsEntry("header.x-ingress-name", "shop");
    }

    @Test
    void without_a_default_backend_of_its_own_the_snapshots_serves_the_pages_only_in_its_own_namespace() {
        RequestFilters noBackend = RequestFilters.NONE.withErrorPages(new ErrorPages(null, Set.of(404), "shop"));

        fixture.proxy.apply(withFallback(snapshot(noBackend, web.port()), new ClusterName("test", "catch-all", "80")));
        HttpResponse<String> sameNamespace = fixture.http.get("shop.example", "/status/404");
        fixture.proxy.apply(withFallback(snapshot(noBackend, web.port()), new ClusterName("other", "catch-all", "80")));
        HttpResponse<String> otherNamespace = fixture.http.get("shop.example", "/status/404");

        assertThat(sameNamespace.statusCode()).isEqualTo(404);
        assertThat(Echo.parse(sameNamespace.body())).containsEntry("header.x-code", "404").containsEntry("header.x-namespace", "test");
        assertThat(otherNamespace.statusCode()).isEqualTo(404);
        assertThat(Http.answeredBy(otherNamespace)).isEqualTo("web");
        assertThat(otherNamespace.body()).isEqualTo("web\n");
    }

    @Test
    void a_page_that_the_default_backend_cannot_give_leaves_the_proxys_own_answer() throws IOException {
        fixture.proxy.apply(new Snapshots().route("shop.example", "/", "web", RequestPolicy.DEFAULTS, pages(Set.of(404)), web.port())
                .route("errors.example", "/", "errors", closedPort()).build(1));

        HttpResponse<String> response = fixture.http.get("shop.example", "/status/404");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("502 Bad Gateway");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return closed.getLocalPort();
        }
    }

    private static RequestFilters pages(Set<Integer> statuses) {
        return RequestFilters.NONE.withErrorPages(new ErrorPages(ERRORS, statuses, "shop"));
    }

    private RoutingSnapshot snapshot(RequestFilters filters, int... webPorts) {
        return new Snapshots().route("shop.example", "/", "web", RequestPolicy.DEFAULTS, filters, webPorts)
                .route("errors.example", "/", "errors", errors.port()).build(1);
    }

    /** {@code snapshot} with a default backend (its fallback route) of cluster {@code fallback}, served by the errors upstream. */
    private RoutingSnapshot withFallback(RoutingSnapshot snapshot, ClusterName fallback) {
        List<Cluster> clusters = new ArrayList<>(snapshot.clusters());
        clusters.add(new Cluster(fallback, List.of(Endpoint.of("127.0.0.1", errors.port())), ClusterPolicy.DEFAULT));
        return RoutingSnapshot.of(snapshot.version() + 1, snapshot.virtualHosts(), clusters, new Route("catch-all defaultBackend",
                PathMatch.prefix("/"), new RouteAction.Forward(fallback, RequestPolicy.DEFAULTS, RequestFilters.NONE)));
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
