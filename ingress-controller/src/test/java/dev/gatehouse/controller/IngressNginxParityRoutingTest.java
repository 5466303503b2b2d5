package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static dev.gatehouse.controller.testing.Manifests.ingress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.Http;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviours an ingress-nginx user relies on when switching to Gatehouse (issue 30), each replayed through real
 * requests against Gatehouse standalone on a manifest directory, and answered as ingress-nginx v1.15 answers them.
 */
class IngressNginxParityRoutingTest {

    private static final String NGINX = "nginx.ingress.kubernetes.io/";

    @TempDir
    Path directory;
    RoutingWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void a_redirect_to_a_path_is_answered_absolute_with_the_requests_scheme_host_and_port() {
        world = RoutingWorld.start(directory, Map.of("web", 1), String.join("---\n",
                annotatedIngress("rooted", "rooted.example", "web", 8080, NGINX + "app-root: /app"),
                annotatedIngress("moved", "moved.example", "web", 8080, NGINX + "permanent-redirect: /landing"),
                annotatedIngress("later", "later.example", "web", 8080, NGINX + "temporal-redirect: /soon?x=1")));

        HttpResponse<String> root = world.get("rooted.example:8080", "/");
        HttpResponse<String> moved = world.get("MOVED.example", "/anything");
        HttpResponse<String> later = world.get("later.example", "/");

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("http://rooted.example:8080/app");
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).hasValue("http://moved.example/landing");
        assertThat(later.statusCode()).isEqualTo(302);
        assertThat(later.headers().firstValue("Location")).hasValue("http://later.example/soon?x=1");
    }

    @Test
    void relative_redirects_in_the_configmap_keeps_a_redirect_to_a_path_relative() throws IOException {
        Files.writeString(directory.resolve("config.yaml"), config("relative-redirects: \"true\""));
        world = RoutingWorld.start(directory, Map.of("web", 1),
                annotatedIngress("rooted", "rooted.example", "web", 8080, NGINX + "app-root: /app"), settings());

        HttpResponse<String> root = world.get("rooted.example", "/");

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/app");
    }

    @Test
    void a_server_alias_answers_every_ingresss_paths_on_the_aliased_host() {
        world = RoutingWorld.start(directory, Map.of("web", 1, "api", 1, "canary", 1), String.join("---\n",
                annotatedIngress("front", "shop.example", "web", 8080, NGINX + "server-alias: shop-alias.example"),
                ingress("api", "shop.example", "Prefix", "/api", "api", 8080),
                annotatedIngress("api-canary", "shop.example", "canary", 8080, NGINX + "canary: \"true\"\n"
                        + NGINX + "canary-by-header: X-Canary").replace("path: /", "path: /api"),
                ingress("elsewhere", "other.example", "Prefix", "/other", "api", 8080)));

        assertThat(world.answeredBy("shop-alias.example", "/")).isEqualTo("web");
        assertThat(world.answeredBy("shop-alias.example", "/api/orders")).isEqualTo("api");
        assertThat(Http.answeredBy(world.http().send(world.http().request("shop-alias.example", "/api")
                .header("X-Canary", "always").GET().build()))).isEqualTo("canary");
        assertThat(world.answeredBy("shop-alias.example", "/other")).isEqualTo("web");
    }

    @Test
    void a_canary_header_pattern_that_cannot_be_matched_keeps_requests_with_the_header_on_the_main_backend() {
        world = RoutingWorld.start(directory, Map.of("web", 1, "canary", 1), String.join("---\n",
                annotatedIngress("main", "app.example", "web", 8080, ""),
                annotatedIngress("beta", "app.example", "canary", 8080, NGINX + "canary: \"true\"\n"
                        + NGINX + "canary-by-header: X-Canary\n"
                        + NGINX + "canary-by-header-pattern: \"^(?!stable)\"\n"
                        + NGINX + "canary-by-cookie: canary")));

        assertThat(Http.answeredBy(world.http().send(world.http().request("app.example", "/")
                .header("X-Canary", "beta").header("Cookie", "canary=always").GET().build()))).isEqualTo("web");
        assertThat(Http.answeredBy(world.http().send(world.http().request("app.example", "/")
                .header("Cookie", "canary=always").GET().build()))).isEqualTo("canary");
    }

    @Test
    void the_affinity_cookie_is_on_the_rules_path_with_its_domain_and_a_sticky_canary_keeps_the_clients_it_served() {
        world = RoutingWorld.start(directory, Map.of("web", 2, "beta", 1), String.join("---\n",
                annotatedIngress("shop", "shop.example", "web", 8080, NGINX + "affinity: cookie\n"
                        + NGINX + "session-cookie-domain: shop.example").replace("path: /", "path: /shop"),
                annotatedIngress("shop-beta", "shop.example", "beta", 8080, NGINX + "canary: \"true\"\n"
                        + NGINX + "canary-by-header: X-Canary").replace("path: /", "path: /shop")));

        HttpResponse<String> main = get("/shop/cart", null, null);
        String mainCookie = cookie(main);
        HttpResponse<String> canary = get("/shop/cart", "always", null);
        String canaryCookie = cookie(canary);

        assertThat(main.headers().firstValue("Set-Cookie").orElseThrow())
                .matches("INGRESSCOOKIE=[0-9a-f]+; Path=/shop; Domain=shop.example; HTTPOnly");
        assertThat(Http.answeredBy(canary)).isEqualTo("beta");
        assertThat(canaryCookie).isNotNull();
        // the canary's session stays on the canary without the header; the main backend's stays there even with it
        assertThat(Http.answeredBy(get("/shop/cart", null, canaryCookie))).isEqualTo("beta");
        assertThat(Http.answeredBy(get("/shop/cart", "always", mainCookie))).isEqualTo(Http.answeredBy(main));
    }

    @Test
    void a_legacy_canary_keeps_its_own_affinity_and_a_main_session_still_stays_on_the_main_backend() {
        world = RoutingWorld.start(directory, Map.of("web", 2, "beta", 1), String.join("---\n",
                annotatedIngress("shop", "shop.example", "web", 8080, NGINX + "affinity: cookie"),
                annotatedIngress("shop-beta", "shop.example", "beta", 8080, NGINX + "canary: \"true\"\n"
                        + NGINX + "canary-by-header: X-Canary\n" + NGINX + "affinity-canary-behavior: legacy")));

        HttpResponse<String> main = get("/", null, null);
        HttpResponse<String> canary = get("/", "always", null);

        assertThat(Http.answeredBy(canary)).isEqualTo("beta");
        assertThat(canary.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(Http.answeredBy(get("/", "always", cookie(main)))).isEqualTo(Http.answeredBy(main));
    }

    @Test
    void custom_headers_naming_a_missing_config_map_answers_503_while_other_ingresses_serve() {
        world = RoutingWorld.start(directory, Map.of("web", 1), String.join("---\n",
                annotatedIngress("headed", "headed.example", "web", 8080, NGINX + "custom-headers: security-headers"),
                annotatedIngress("plain", "plain.example", "web", 8080, "")));

        assertThat(world.answeredBy("headed.example", "/")).isEqualTo("status 503");
        assertThat(world.answeredBy("plain.example", "/")).isEqualTo("web");
    }

    private HttpResponse<String> get(String path, String canaryHeader, String cookie) {
        HttpRequest.Builder request = world.http().request("shop.example", path);
        if (canaryHeader != null) {
            request.header("X-Canary", canaryHeader);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return world.http().send(request.GET().build());
    }

    /** The name=value of the response's Set-Cookie, or null. */
    private static String cookie(HttpResponse<String> response) {
        return response.headers().firstValue("Set-Cookie").map(header -> header.substring(0, header.indexOf(';'))).orElse(null);
    }

    private static TranslatorSettings settings() {
        return TranslatorSettings.defaults().withConfig("default/gatehouse-config");
    }

    private static String config(String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: gatehouse-config
                data:
                  %s
                """.formatted(data);
    }
}
