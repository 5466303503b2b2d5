package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingress-nginx annotations through real requests, Gatehouse standalone on a manifest directory. */
class AnnotationRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;

    @BeforeAll
    static void start() {
        world = RoutingWorld.start(directory, Map.of("web", 1), String.join("---\n",
                ingress("local", "local.example", "nginx.ingress.kubernetes.io/whitelist-source-range: \"127.0.0.1/32, ::1\""),
                ingress("office", "office.example", "nginx.ingress.kubernetes.io/whitelist-source-range: \"10.0.0.0/8\""),
                ingress("vhost", "vhost.example", "nginx.ingress.kubernetes.io/upstream-vhost: \"api.internal\""),
                ingress("small", "small.example", "nginx.ingress.kubernetes.io/proxy-body-size: \"1k\""),
                ingress("snippet", "snippet.example",
                        "nginx.ingress.kubernetes.io/configuration-snippet: \"more_set_headers 'X-Injected: yes';\""),
                ingress("guarded", "guarded.example", "nginx.ingress.kubernetes.io/auth-url: \"http://127.0.0.1:1/check\""),
                ingress("moved", "moved.example", "nginx.ingress.kubernetes.io/permanent-redirect: \"https://new.example/landing\""),
                ingress("rooted", "rooted.example", "nginx.ingress.kubernetes.io/app-root: \"/app\""),
                ingress("denied", "denied.example", "nginx.ingress.kubernetes.io/denylist-source-range: \"127.0.0.0/8, ::1\""),
                ingress("prefixed", "prefixed.example", "nginx.ingress.kubernetes.io/x-forwarded-prefix: \"/shop\""),
                ingress("aliased", "aliased.example", "nginx.ingress.kubernetes.io/server-alias: \"alias.example\"")));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void the_allow_list_lets_in_the_listed_client_addresses_and_forbids_the_others() {
        assertThat(world.answeredBy("local.example", "/")).isEqualTo("web");
        assertThat(world.answeredBy("office.example", "/")).isEqualTo("status 403");
    }

    @Test
    void upstream_vhost_is_the_host_the_upstream_sees_and_the_clients_goes_in_x_forwarded_host() {
        Map<String, String> seen = Echo.parse(world.get("vhost.example", "/").body());

        assertThat(seen).containsEntry("header.host", "api.internal").containsEntry("header.x-forwarded-host", "vhost.example");
    }

    @Test
    void a_body_over_the_proxy_body_size_is_answered_413() {
        HttpResponse<String> large = world.http().send(world.http().request("small.example", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048))).build());
        HttpResponse<String> fits = world.http().send(world.http().request("small.example", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(512))).build());

        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(Http.answeredBy(fits)).isEqualTo("web");
    }

    @Test
    void a_refused_snippet_injects_nothing_while_the_ingress_still_routes() {
        HttpResponse<String> response = world.get("snippet.example", "/");

        assertThat(Http.answeredBy(response)).isEqualTo("web");
        assertThat(response.headers().firstValue("X-Injected")).isEmpty();
    }

    @Test
    void an_ingress_whose_external_auth_service_cannot_be_reached_answers_500_rather_than_serving_it_open() {
        assertThat(world.answeredBy("guarded.example", "/")).isEqualTo("status 500");
    }

    @Test
    void permanent_redirect_answers_301_to_its_url_and_app_root_302_for_the_root_only() {
        HttpResponse<String> moved = world.get("moved.example", "/anything");
        HttpResponse<String> root = world.get("rooted.example", "/");

        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).hasValue("https://new.example/landing");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("http://rooted.example/app");
        assertThat(world.answeredBy("rooted.example", "/app")).isEqualTo("web");
    }

    @Test
    void the_deny_list_forbids_its_client_addresses() {
        assertThat(world.answeredBy("denied.example", "/")).isEqualTo("status 403");
    }

    @Test
    void x_forwarded_prefix_reaches_the_upstream_and_a_server_alias_routes_like_the_host() {
        assertThat(Echo.parse(world.get("prefixed.example", "/").body())).containsEntry("header.x-forwarded-prefix", "/shop");
        assertThat(world.answeredBy("alias.example", "/")).isEqualTo("web");
    }

    private static String ingress(String name, String host, String annotation) {
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
                """.formatted(name, annotation, host);
    }
}
