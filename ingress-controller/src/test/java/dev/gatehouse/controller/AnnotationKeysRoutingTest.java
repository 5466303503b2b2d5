package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The annotation keys that no feature's own routing test covers, each through real requests to real upstreams,
 * Gatehouse standalone on a manifest directory: TLS redirects, the newer allow-list name, redirect codes, retry counts,
 * per-minute limits, canary totals, affinity cookie details, the companions of external auth and the upstream timeouts.
 */
class AnnotationKeysRoutingTest {

    private static final String NGINX = "nginx.ingress.kubernetes.io/";

    @TempDir
    static Path directory;
    static RoutingWorld world;
    static TestUpstream bad1;
    static TestUpstream bad2;
    static TestUpstream auth;
    static RawUpstream swallower;
    static ServerSocket full;
    static final List<Socket> queued = new ArrayList<>();
    static final List<String> authMethods = new CopyOnWriteArrayList<>();
    static final List<String> authRedirects = new CopyOnWriteArrayList<>();
    static final CountDownLatch released = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        bad1 = TestUpstream.start("bad-1", exchange -> answer(exchange, 502));
        bad2 = TestUpstream.start("bad-2", exchange -> answer(exchange, 502));
        auth = TestUpstream.start("auth", exchange -> {
            authMethods.add(exchange.getRequestMethod());
            authRedirects.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Auth-Request-Redirect")));
            answer(exchange, 401);
        });
        // reads the request head, then not another byte until the test ends: the proxy cannot hand over the body
        swallower = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            try {
                released.await();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        full = fullAcceptQueue();
        world = RoutingWorld.start(directory, Map.of("web", 1, "canary", 1, "sticky", 2), String.join("---\n",
                ingress("tls-default", "tls.example", "web", "", true),
                ingress("tls-off", "tls-off.example", "web", NGINX + "ssl-redirect: \"false\"", true),
                ingress("forced", "forced.example", "web", NGINX + "force-ssl-redirect: \"true\"", false),
                ingress("allow", "allow.example", "web", NGINX + "allowlist-source-range: \"127.0.0.1/32, ::1\"", false),
                ingress("deny", "deny.example", "web", NGINX + "allowlist-source-range: \"10.0.0.0/8\"", false),
                ingress("moved", "moved.example", "web", NGINX + "permanent-redirect: \"https://new.example/\"\n    "
                        + NGINX + "permanent-redirect-code: \"308\"", false),
                ingress("later", "later.example", "web", NGINX + "temporal-redirect: \"https://later.example.org/\"", false),
                ingress("once", "once.example", "bad", NGINX + "proxy-next-upstream: \"http_502\"\n    "
                        + NGINX + "proxy-next-upstream-tries: \"1\"", false),
                ingress("per-minute", "per-minute.example", "web", NGINX + "limit-rpm: \"1\"\n    "
                        + NGINX + "limit-burst-multiplier: \"1\"", false),
                ingress("main-all", "all.example", "web", "", false),
                ingress("canary-all", "all.example", "canary", NGINX + "canary: \"true\"\n    " + NGINX + "canary-weight: \"2\"\n    "
                        + NGINX + "canary-weight-total: \"2\"", false),
                ingress("main-none", "none.example", "web", "", false),
                ingress("canary-none", "none.example", "canary", NGINX + "canary: \"true\"\n    " + NGINX + "canary-weight: \"0\"\n    "
                        + NGINX + "canary-weight-total: \"7\"", false),
                ingress("sticky", "sticky.example", "sticky", NGINX + "affinity: \"cookie\"\n    "
                        + NGINX + "session-cookie-samesite: \"None\"\n    "
                        + NGINX + "session-cookie-conditional-samesite-none: \"true\"\n    "
                        + NGINX + "session-cookie-change-on-failure: \"true\"", false),
                ingress("guarded", "guarded.example", "web", NGINX + "auth-url: \"http://127.0.0.1:" + auth.port() + "/check\"\n    "
                        + NGINX + "auth-method: \"POST\"\n    "
                        + NGINX + "auth-signin: \"https://login.example/start\"\n    "
                        + NGINX + "auth-signin-redirect-param: \"return\"\n    "
                        + NGINX + "auth-request-redirect: \"/after$request_uri\"", false),
                ingress("slow-connect", "slow-connect.example", "stuck", NGINX + "proxy-connect-timeout: \"1\"", false),
                ingress("slow-send", "slow-send.example", "swallower", NGINX + "proxy-send-timeout: \"1\"\n    "
                        + NGINX + "proxy-body-size: \"0\"", false),
                service("bad", bad1.port(), bad2.port()),
                service("stuck", full.getLocalPort()),
                service("swallower", swallower.port())));
    }

    @AfterAll
    static void stop() throws IOException {
        released.countDown();
        world.close();
        bad1.close();
        bad2.close();
        auth.close();
        swallower.close();
        for (Socket socket : queued) {
            socket.close();
        }
        full.close();
    }

    @Test
    void ssl_redirect_redirects_plain_http_on_a_tls_host_unless_turned_off_and_force_ssl_redirect_does_on_any_host() {
        HttpResponse<String> tls = world.get("tls.example", "/a?b=1");
        HttpResponse<String> forced = world.get("forced.example", "/x");

        assertThat(tls.statusCode()).isEqualTo(308);
        assertThat(tls.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith("https://tls.example").endsWith("/a?b=1"));
        assertThat(world.answeredBy("tls-off.example", "/")).startsWith("web");
        assertThat(forced.statusCode()).isEqualTo(308);
    }

    @Test
    void allowlist_source_range_lets_in_the_listed_addresses_only() {
        assertThat(world.answeredBy("allow.example", "/")).startsWith("web");
        assertThat(world.answeredBy("deny.example", "/")).isEqualTo("status 403");
    }

    @Test
    void permanent_redirect_code_sets_the_status_and_temporal_redirect_answers_302() {
        HttpResponse<String> moved = world.get("moved.example", "/old");
        HttpResponse<String> later = world.get("later.example", "/old");

        assertThat(moved.statusCode()).isEqualTo(308);
        assertThat(moved.headers().firstValue("Location")).hasValue("https://new.example/");
        assertThat(later.statusCode()).isEqualTo(302);
        assertThat(later.headers().firstValue("Location")).hasValue("https://later.example.org/");
    }

    @Test
    void proxy_next_upstream_tries_of_one_sends_a_request_to_one_endpoint_even_when_its_status_is_listed() {
        int before = bad1.requests().size() + bad2.requests().size();

        HttpResponse<String> answer = world.get("once.example", "/");

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(bad1.requests().size() + bad2.requests().size() - before).isEqualTo(1);
    }

    @Test
    void limit_rpm_lets_the_burst_through_and_refuses_the_next_request() {
        List<Integer> statuses = IntStream.range(0, 3).mapToObj(i -> world.get("per-minute.example", "/").statusCode()).toList();

        // one per minute with a burst multiplier of 1: the first request and its burst of one pass, the third is refused
        assertThat(statuses).containsExactly(200, 200, 503);
    }

    @Test
    void canary_weight_total_is_what_the_weight_is_out_of() {
        List<String> all = IntStream.range(0, 20).mapToObj(i -> world.answeredBy("all.example", "/")).toList();
        List<String> none = IntStream.range(0, 20).mapToObj(i -> world.answeredBy("none.example", "/")).toList();

        assertThat(all).containsOnly("canary");
        assertThat(none).allSatisfy(name -> assertThat(name).startsWith("web"));
    }

    @Test
    void conditional_samesite_none_leaves_it_out_for_browsers_that_reject_it_and_keeps_it_for_the_others() {
        HttpResponse<String> oldChrome = world.http().send(world.http().request("sticky.example", "/")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 "
                        + "Safari/537.36").GET().build());
        HttpResponse<String> current = world.http().send(world.http().request("sticky.example", "/")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
                        + "Safari/537.36").GET().build());

        assertThat(oldChrome.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("INGRESSCOOKIE=").doesNotContain("SameSite"));
        assertThat(current.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .contains("SameSite=None").contains("Secure"));
    }

    @Test
    void external_auth_sends_its_method_and_redirect_header_and_a_401_goes_to_signin_with_the_parameter_asked_for() {
        HttpResponse<String> answer = world.get("guarded.example", "/private?x=1");

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith("https://login.example/start?return=").contains("guarded.example").contains("private"));
        assertThat(authMethods).last().isEqualTo("POST");
        assertThat(authRedirects).last().isEqualTo("/after/private?x=1");
    }

    @Test
    void proxy_connect_timeout_gives_up_on_an_upstream_that_never_accepts_after_that_time() {
        // the proxy's own default is 5 s; one second is asked for, and the answer comes well before the default
        HttpResponse<String> answer = assertTimeoutPreemptively(Duration.ofSeconds(4), () -> world.get("slow-connect.example", "/"));

        assertThat(answer.statusCode()).isEqualTo(504);
    }

    @Test
    void proxy_send_timeout_gives_up_on_an_upstream_that_takes_none_of_the_body() throws Exception {
        int size = 64 * 1024 * 1024;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), world.gatehouse().proxy().httpAddress().getPort())) {
            client.setSoTimeout(30_000);
            client.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: slow-send.example\r\nContent-Length: " + size
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            // the body goes on a thread of its own: it blocks once the proxy stops reading, and fails when the proxy closes
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        client.getOutputStream().write(chunk);
                    }
                } catch (IOException closed) {
                    // the proxy answered and closed the connection mid-body
                }
            }, "slow-send-body");
            writer.setDaemon(true);
            writer.start();

            String head = RawUpstream.readHead(client.getInputStream());
            int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *([0-9]+).*", "$1"));
            String body = new String(client.getInputStream().readNBytes(length), StandardCharsets.UTF_8);

            assertThat(head).startsWith("HTTP/1.1 504");
            assertThat(body).contains("did not take the request in time");
        }
    }

    @Test
    void session_cookie_change_on_failure_moves_a_session_whose_endpoint_is_gone_and_gives_it_a_new_cookie() {
        HttpResponse<String> first = world.get("sticky.example", "/");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String pinned = Http.answeredBy(first);
        TestUpstream gone = world.upstreams("sticky").stream().filter(upstream -> upstream.name().equals(pinned)).findFirst().orElseThrow();
        gone.close();

        HttpResponse<String> moved = world.http().send(world.http().request("sticky.example", "/").header("Cookie", cookie).GET().build());

        assertThat(Http.answeredBy(moved)).startsWith("sticky").isNotEqualTo(pinned);
        assertThat(moved.headers().firstValue("Set-Cookie")).hasValueSatisfying(next -> assertThat(next).startsWith("INGRESSCOOKIE=")
                .doesNotStartWith(cookie + ";"));
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /**
     * A listening socket that never accepts, with its accept queue filled: the kernel then drops further SYNs, so a
     * connection attempt hangs rather than fail, as with an unreachable endpoint, while staying on loopback.
     */
    private static ServerSocket fullAcceptQueue() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 4; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                queued.add(socket);
            } catch (IOException dropped) {
                socket.close();
            }
        }
        return server;
    }

    private static String ingress(String name, String host, String service, String annotations, boolean tls) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  creationTimestamp: "2025-01-01T00:00:%02dZ"
                  annotations:
                    %s
                spec:
                  ingressClassName: gatehouse
                %s  rules:
                  - host: %s
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: %s
                            port:
                              number: 8080
                """.formatted(name, name.startsWith("canary") ? 30 : 0, annotations.isEmpty() ? "gatehouse.dev/ttl: \"60\"" : annotations,
                tls ? "  tls:\n  - hosts: [" + host + "]\n    secretName: missing\n" : "", host, service);
    }

    private static String service(String name, int... ports) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  ports:
                  - name: http
                    port: 8080
                """.formatted(name));
        for (int i = 0; i < ports.length; i++) {
            yaml.append("""
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata:
                      name: %1$s-%2$d
                      labels:
                        kubernetes.io/service-name: %1$s
                    addressType: IPv4
                    ports:
                    - name: http
                      port: %3$d
                    endpoints:
                    - addresses: ["127.0.0.1"]
                    """.formatted(name, i, ports[i]));
        }
        return yaml.toString();
    }
}
