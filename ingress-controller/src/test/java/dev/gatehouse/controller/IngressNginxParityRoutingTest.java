package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import java.io.IOException;
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
