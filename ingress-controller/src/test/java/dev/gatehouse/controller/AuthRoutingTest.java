package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.Md5Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auth-type basic (auth-file and auth-map Secrets, each hash type) and external auth (auth-url and its companions)
 * through real requests, Gatehouse standalone on a manifest directory, with an in-process auth service.
 */
class AuthRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;
    static TestUpstream auth;
    /** The headers of each request the auth service got, by lower-case name, with its path as "path". */
    static final List<Map<String, String>> asked = new CopyOnWriteArrayList<>();
    static final String SESSION = "session=abc; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; HttpOnly";
    static final String CSRF = "csrf=xyz; Path=/";

    @BeforeAll
    static void start() {
        auth = TestUpstream.start("auth", exchange -> {
            Map<String, String> seen = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), String.join(",", values)));
            seen.put("path", exchange.getRequestURI().getPath());
            seen.put("method", exchange.getRequestMethod());
            asked.add(seen);
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            int status = "Bearer good".equals(token) ? 200 : "Bearer forbidden".equals(token) ? 403
                    : "Bearer broken".equals(token) ? 500 : 401;
            if (status == 200 && exchange.getRequestURI().getPath().equals("/check-cookies")) {
                exchange.getResponseHeaders().add("Set-Cookie", SESSION);
                exchange.getResponseHeaders().add("Set-Cookie", CSRF);
            }
            if (status == 200) {
                exchange.getResponseHeaders().set("X-User", "alice");
                exchange.getResponseHeaders().set("X-Not-Copied", "yes");
            } else if (status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"auth\"");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        String check = "http://127.0.0.1:" + auth.port() + "/check";
        world = RoutingWorld.start(directory, Map.of("web", 1, "empty", 0), String.join("---\n",
                secret("htpasswd", "auth", "alice:" + OpenBSDBCrypt.generate("alice's password".toCharArray(), salt(), 4) + "\n"
                        + "bob:{SHA}" + Base64.getEncoder().encodeToString(DigestUtils.sha1("bob's password")) + "\n"
                        + "carol:" + Md5Crypt.apr1Crypt("carol's password") + "\n"),
                secret("users-map", "dave", Md5Crypt.apr1Crypt("dave's password")),
                ingress("basic", "basic.example", """
                        nginx.ingress.kubernetes.io/auth-type: basic
                            nginx.ingress.kubernetes.io/auth-secret: htpasswd
                            nginx.ingress.kubernetes.io/auth-realm: Staff only"""),
                ingress("mapped", "map.example", """
                        nginx.ingress.kubernetes.io/auth-type: basic
                            nginx.ingress.kubernetes.io/auth-secret: users-map
                            nginx.ingress.kubernetes.io/auth-secret-type: auth-map"""),
                ingress("broken", "broken.example", """
                        nginx.ingress.kubernetes.io/auth-type: basic
                            nginx.ingress.kubernetes.io/auth-secret: no-such-secret"""),
                ingress("external", "external.example", """
                        nginx.ingress.kubernetes.io/auth-url: "%s"
                            nginx.ingress.kubernetes.io/auth-response-headers: X-User
                            nginx.ingress.kubernetes.io/auth-proxy-set-headers: auth-headers""".formatted(check)),
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: auth-headers
                data:
                  X-Auth-Scope: orders
                  X-Client: "from $remote_addr"
                """,
                ingress("signin", "signin.example", """
                        nginx.ingress.kubernetes.io/auth-url: "%s"
                            nginx.ingress.kubernetes.io/auth-signin: "https://login.example/start\"""".formatted(check)),
                ingress("cached", "cached.example", """
                        nginx.ingress.kubernetes.io/auth-url: "%s-cached"
                            nginx.ingress.kubernetes.io/auth-cache-key: "$http_authorization"
                            nginx.ingress.kubernetes.io/auth-cache-duration: "200 5m\"""".formatted(check)),
                ingress("cookies", "cookies.example", "nginx.ingress.kubernetes.io/auth-url: \"%s-cookies\"".formatted(check)),
                ingress("usual-cookies", "usual-cookies.example", "nginx.ingress.kubernetes.io/auth-url: \"%s-cookies\""
                        .formatted(check)).replace("name: web", "name: empty"),
                ingress("always-cookies", "always-cookies.example", """
                        nginx.ingress.kubernetes.io/auth-url: "%s-cookies"
                            nginx.ingress.kubernetes.io/auth-always-set-cookie: "true\"""".formatted(check))
                        .replace("name: web", "name: empty"),
                ingress("unreachable", "unreachable.example", "nginx.ingress.kubernetes.io/auth-url: \"http://127.0.0.1:1/check\"")));
    }

    @AfterAll
    static void stop() {
        world.close();
        auth.close();
    }

    @Test
    void basic_auth_from_an_htpasswd_file_accepts_bcrypt_sha1_and_apr1_hashes() {
        assertThat(Http.answeredBy(get("basic.example", "/", basic("alice", "alice's password")))).isEqualTo("web");
        assertThat(Http.answeredBy(get("basic.example", "/", basic("bob", "bob's password")))).isEqualTo("web");
        assertThat(Http.answeredBy(get("basic.example", "/", basic("carol", "carol's password")))).isEqualTo("web");
    }

    @Test
    void a_wrong_or_missing_password_is_challenged_with_the_realm() {
        HttpResponse<String> wrong = get("basic.example", "/", basic("alice", "bob's password"));
        HttpResponse<String> missing = world.get("basic.example", "/");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Staff only\"");
        assertThat(missing.statusCode()).isEqualTo(401);
    }

    @Test
    void basic_auth_from_an_auth_map_takes_each_key_as_a_user() {
        assertThat(Http.answeredBy(get("map.example", "/", basic("dave", "dave's password")))).isEqualTo("web");
        assertThat(get("map.example", "/", basic("dave", "wrong")).statusCode()).isEqualTo(401);
    }

    @Test
    void a_missing_auth_secret_answers_every_request_503_rather_than_serving_the_ingress_open() {
        HttpResponse<String> response = get("broken.example", "/", basic("alice", "alice's password"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(TestUpstream.NAME_HEADER)).isEmpty();
    }

    @Test
    void external_auth_that_allows_forwards_with_the_chosen_headers_of_its_answer_replacing_the_clients() {
        // the subrequest carries the client's headers, ingress-nginx's X-Original-* and the auth-proxy-set-headers
        HttpResponse<String> response = world.http().send(world.http().request("external.example", "/orders?page=2")
                .header("Authorization", "Bearer good").header("X-User", "mallory").header("Cookie", "session=abc").GET().build());

        Map<String, String> upstream = Echo.parse(response.body());
        assertThat(upstream).containsEntry("upstream", "web").containsEntry("header.x-user", "alice")
                .doesNotContainKey("header.x-not-copied");
        Map<String, String> subrequest = lastAsked("/check");
        assertThat(subrequest).containsEntry("method", "GET")
                .containsEntry("x-original-url", "http://external.example/orders?page=2")
                .containsEntry("x-original-method", "GET")
                .containsEntry("x-sent-from", "gatehouse")
                .containsEntry("x-real-ip", "127.0.0.1")
                .containsEntry("x-forwarded-for", "127.0.0.1")
                .containsEntry("x-auth-request-redirect", "/orders?page=2")
                .containsEntry("authorization", "Bearer good")
                .containsEntry("cookie", "session=abc")
                .containsEntry("x-auth-scope", "orders")
                .containsEntry("x-client", "from 127.0.0.1");
        assertThat(subrequest.getOrDefault("content-length", "0")).as("no body").isEqualTo("0");
    }

    @Test
    void a_request_body_waits_for_the_auth_answer_and_then_reaches_the_upstream_whole() {
        String body = "x".repeat(200_000);

        HttpResponse<String> response = world.http().send(world.http().request("external.example", "/upload")
                .header("Authorization", "Bearer good").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(Echo.parse(response.body())).containsEntry("upstream", "web").containsEntry("method", "POST")
                .containsEntry("body-bytes", "200000");
        assertThat(lastAsked("/check")).containsEntry("x-original-method", "POST").containsEntry("method", "GET");
    }

    @Test
    void external_auth_that_denies_is_answered_401_with_its_challenge_or_403() {
        HttpResponse<String> unauthorized = get("external.example", "/", "Bearer nobody");
        HttpResponse<String> forbidden = get("external.example", "/", "Bearer forbidden");

        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"auth\"");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue(TestUpstream.NAME_HEADER)).isEmpty();
    }

    @Test
    void a_401_of_external_auth_with_a_signin_page_redirects_there_with_the_original_url() {
        HttpResponse<String> response = get("signin.example", "/app/page?x=1", "Bearer nobody");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValue("https://login.example/start?rd=http://signin.example%2Fapp%2Fpage%3Fx%3D1");
    }

    @Test
    void an_auth_service_that_fails_or_cannot_be_reached_answers_500() {
        assertThat(get("external.example", "/", "Bearer broken").statusCode()).isEqualTo(500);
        assertThat(get("unreachable.example", "/", "Bearer good").statusCode()).isEqualTo(500);
    }

    @Test
    void answers_are_cached_by_the_cache_key_for_the_statuses_of_the_cache_duration() {
        long before = count("/check-cached");

        assertThat(Http.answeredBy(get("cached.example", "/a", "Bearer good"))).isEqualTo("web");
        assertThat(Http.answeredBy(get("cached.example", "/b", "Bearer good"))).isEqualTo("web");
        assertThat(count("/check-cached")).as("the second request was answered from the cache").isEqualTo(before + 1);

        assertThat(get("cached.example", "/", "Bearer nobody").statusCode()).isEqualTo(401);
        assertThat(get("cached.example", "/", "Bearer nobody").statusCode()).isEqualTo(401);
        assertThat(count("/check-cached")).as("401 is not among the cached statuses").isEqualTo(before + 3);
    }

    private static long count(String path) {
        return asked.stream().filter(seen -> path.equals(seen.get("path"))).count();
    }

    private static Map<String, String> lastAsked(String path) {
        return asked.stream().filter(seen -> path.equals(seen.get("path"))).reduce((first, second) -> second).orElseThrow();
    }

    private static HttpResponse<String> get(String host, String path, String authorization) {
        return world.http().send(world.http().request(host, path).header("Authorization", authorization).GET().build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    private static String secret(String name, String key, String value) {
        return """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %s
                type: Opaque
                data:
                  %s: %s
                """.formatted(name, key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_auth_services_cookies_reach_the_client_on_the_upstreams_answer_and_with_auth_always_set_cookie_on_errors() {
        HttpResponse<String> allowed = get("cookies.example", "/", "Bearer good");
        HttpResponse<String> failed = get("usual-cookies.example", "/", "Bearer good");
        HttpResponse<String> failedAlways = get("always-cookies.example", "/", "Bearer good");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().allValues("set-cookie")).containsExactlyInAnyOrder(SESSION, CSRF);
        assertThat(failed.statusCode()).as("no endpoint").isEqualTo(503);
        assertThat(failed.headers().allValues("set-cookie")).isEmpty();
        assertThat(failedAlways.statusCode()).isEqualTo(503);
        assertThat(failedAlways.headers().allValues("set-cookie")).containsExactlyInAnyOrder(SESSION, CSRF);
    }

    private static String ingress(String name, String host, String annotations) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  annotations:
                    %s
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: %s
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
                """.formatted(name, annotations, host);
    }
}
