package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** use-regex, rewrite-target and from-to-www-redirect through real requests, Gatehouse standalone on a manifest directory. */
class RegexRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;

    @BeforeAll
    static void start() {
        world = RoutingWorld.start(directory, Map.of("web", 1, "app", 1), String.join("---\n",
                ingress("rewrite", "rewrite.example", """
                        nginx.ingress.kubernetes.io/use-regex: "true"
                        nginx.ingress.kubernetes.io/rewrite-target: /$2
                        """, "ImplementationSpecific", "/something(/|$)(.*)", "app"),
                ingress("plain", "shared.example", "", "Exact", "/exact", "web"),
                ingress("regex", "shared.example", "nginx.ingress.kubernetes.io/use-regex: \"true\"", "ImplementationSpecific",
                        "/api/v[0-9]+", "app"),
                ingress("apex", "apex.example", "nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\"", "Prefix", "/", "web"),
                ingress("www", "www.shop.example", "nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\"", "Prefix", "/", "web"),
                ingress("blog", "blog.example", "nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\"", "Prefix", "/", "web"),
                ingress("www-blog", "www.blog.example", "", "Prefix", "/", "app")));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void rewrite_target_sends_the_capture_groups_upstream_with_the_query() {
        HttpResponse<String> nested = world.get("rewrite.example", "/something/new/x?a=1&b=2");
        HttpResponse<String> bare = world.get("rewrite.example", "/something");

        assertThat(Http.answeredBy(nested)).isEqualTo("app");
        assertThat(Echo.parse(nested.body())).containsEntry("uri", "/new/x?a=1&b=2");
        assertThat(Echo.parse(bare.body())).containsEntry("uri", "/");
        assertThat(world.answeredBy("rewrite.example", "/somethingelse")).isEqualTo("status 404");
    }

    @Test
    void regex_paths_match_case_insensitively_from_the_start() {
        HttpResponse<String> response = world.get("shared.example", "/Api/V3/users?page=2");

        assertThat(Http.answeredBy(response)).isEqualTo("app");
        assertThat(Echo.parse(response.body())).containsEntry("uri", "/Api/V3/users?page=2");
        assertThat(world.answeredBy("shared.example", "/api/vx")).isEqualTo("status 404");
        assertThat(world.answeredBy("shared.example", "/v1/api/v3")).isEqualTo("status 404");
    }

    @Test
    void use_regex_on_one_ingress_of_a_host_makes_the_exact_path_of_another_a_regex_as_in_ingress_nginx() {
        assertThat(world.answeredBy("shared.example", "/exact")).isEqualTo("web");
        assertThat(world.answeredBy("shared.example", "/EXACT/and/more")).isEqualTo("web");
    }

    @Test
    void from_to_www_redirect_sends_www_to_the_host_and_the_host_to_www_with_308_keeping_path_and_query() {
        HttpResponse<String> toApex = world.get("www.apex.example", "/a/b?c=d");
        HttpResponse<String> toWww = world.get("shop.example", "/cart");

        assertThat(toApex.statusCode()).isEqualTo(308);
        assertThat(toApex.headers().firstValue("Location")).hasValue("http://apex.example/a/b?c=d");
        assertThat(toWww.statusCode()).isEqualTo(308);
        assertThat(toWww.headers().firstValue("Location")).hasValue("http://www.shop.example/cart");
        assertThat(world.answeredBy("apex.example", "/a")).isEqualTo("web");
    }

    @Test
    void a_www_host_with_its_own_rule_is_served_by_it_not_redirected() {
        assertThat(world.answeredBy("www.blog.example", "/post")).isEqualTo("app");
    }

    @Test
    void routes_shows_regex_paths_as_written_and_the_host_redirect() {
        String routes = Admin.get(world.gatehouse().proxy().adminAddress().getPort(), "/routes").body();

        assertThat(routes).contains("\"name\" : \"default/rewrite Regex /something(/|$)(.*)\"", "\"pathType\" : \"Regex\"",
                        "\"path\" : \"/something(/|$)(.*)\"")
                .contains("\"redirect\" : \"308 to host apex.example\"");
    }

    private static String ingress(String name, String host, String annotations, String pathType, String path, String service) {
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
                      - {path: "%s", pathType: %s, backend: {service: {name: %s, port: {number: 8080}}}}
                """.formatted(name, annotations.isEmpty() ? "    {}" : annotations.strip().indent(4).stripTrailing(), host, path, pathType,
                service);
    }
}
