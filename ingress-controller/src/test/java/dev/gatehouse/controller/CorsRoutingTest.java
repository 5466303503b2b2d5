package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORS and header ConfigMaps through real requests, Gatehouse standalone on a manifest directory. */
class CorsRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;

    @BeforeAll
    static void start() {
        world = RoutingWorld.start(directory, Map.of("web", 1), String.join("---\n",
                ingress("listed", "listed.example", """
                        nginx.ingress.kubernetes.io/enable-cors: "true"
                        nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com, https://*.example.org"
                        nginx.ingress.kubernetes.io/cors-allow-methods: "GET, PUT"
                        nginx.ingress.kubernetes.io/cors-allow-headers: "Content-Type, X-Api-Key"
                        nginx.ingress.kubernetes.io/cors-expose-headers: "X-Upstream"
                        nginx.ingress.kubernetes.io/cors-max-age: "600"
                        """),
                ingress("open", "open.example", """
                        nginx.ingress.kubernetes.io/enable-cors: "true"
                        nginx.ingress.kubernetes.io/cors-allow-credentials: "false"
                        """),
                ingress("headers", "headers.example", """
                        nginx.ingress.kubernetes.io/custom-headers: "default/response-headers"
                        gatehouse.dev/request-headers: "request-headers"
                        """),
                ingress("guarded", "guarded.example", """
                        nginx.ingress.kubernetes.io/enable-cors: "true"
                        nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com"
                        nginx.ingress.kubernetes.io/custom-headers: "response-headers"
                        nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8"
                        """),
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: response-headers
                data:
                  X-Frame-Options: DENY
                  Cache-Control: no-store
                """,
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: request-headers
                data:
                  X-Tenant: blue
                """));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void a_preflight_is_answered_204_at_the_edge_with_the_configured_headers_and_never_reaches_the_upstream() {
        HttpResponse<String> preflight = preflight("listed.example", "/preflight-probe", "https://app.example.com");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.body()).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, X-Api-Key");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().allValues("Vary")).contains("Origin");
        assertThat(preflight.headers().firstValue("Content-Length")).isEmpty();
        assertThat(world.upstreams("web").get(0).requests()).extracting(request -> request.get("uri")).doesNotContain("/preflight-probe");
    }

    @Test
    void a_simple_request_from_an_allowed_origin_gets_the_cors_headers_on_the_upstreams_response() {
        HttpResponse<String> response = get("listed.example", "/", "https://app.example.com");

        assertThat(Http.answeredBy(response)).isEqualTo("web");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Upstream");
        assertThat(response.headers().allValues("Vary")).contains("Origin");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).as("preflight answers only").isEmpty();
    }

    @Test
    void a_wildcard_allows_one_level_of_subdomains_and_a_disallowed_origin_gets_no_cors_headers() {
        HttpResponse<String> sub = get("listed.example", "/", "https://shop.example.org");
        HttpResponse<String> deeper = get("listed.example", "/", "https://a.shop.example.org");
        HttpResponse<String> other = get("listed.example", "/", "https://evil.example");
        HttpResponse<String> refusedPreflight = preflight("listed.example", "/", "https://evil.example");

        assertThat(sub.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.org");
        assertThat(Http.answeredBy(deeper)).isEqualTo("web");
        assertThat(corsHeaders(deeper)).isEmpty();
        assertThat(Http.answeredBy(other)).isEqualTo("web");
        assertThat(corsHeaders(other)).isEmpty();
        assertThat(refusedPreflight.statusCode()).isEqualTo(403);
        assertThat(corsHeaders(refusedPreflight)).isEmpty();
    }

    @Test
    void any_origin_answers_a_star_and_credentials_follow_cors_allow_credentials() {
        HttpResponse<String> response = get("open.example", "/", "https://anyone.example");
        HttpResponse<String> preflight = preflight("open.example", "/", "https://anyone.example");

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(response.headers().allValues("Vary")).doesNotContain("Origin");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT, POST, DELETE, PATCH, OPTIONS");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("1728000");
    }

    @Test
    void custom_headers_from_a_configmap_are_on_the_response_and_request_headers_reach_the_upstream() {
        HttpResponse<String> response = world.get("headers.example", "/");

        assertThat(Http.answeredBy(response)).isEqualTo("web");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(Echo.parse(response.body())).containsEntry("header.x-tenant", "blue");
    }

    @Test
    void the_edges_own_refusal_carries_the_routes_response_and_cors_headers() {
        HttpResponse<String> refused = get("guarded.example", "/", "https://app.example.com");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    }

    private static HttpResponse<String> get(String host, String path, String origin) {
        return world.http().send(world.http().request(host, path).header("Origin", origin).GET().build());
    }

    private static HttpResponse<String> preflight(String host, String path, String origin) {
        return world.http().send(world.http().request(host, path).header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Map<String, List<String>> corsHeaders(HttpResponse<?> response) {
        Map<String, List<String>> cors = new TreeMap<>(response.headers().map());
        cors.keySet().removeIf(name -> !name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
        return cors;
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
                """.formatted(name, annotations.indent(4).stripTrailing(), host);
    }
}
