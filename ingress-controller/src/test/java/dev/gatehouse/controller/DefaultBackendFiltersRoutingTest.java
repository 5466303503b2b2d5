package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Ingress's spec.defaultBackend takes the requests no rule matches, with that Ingress's annotations: its access
 * control holds there as on its rules, so the default backend is no way around it.
 */
class DefaultBackendFiltersRoutingTest {

    @TempDir
    Path directory;

    @Test
    void the_allow_list_of_the_ingress_is_enforced_on_its_default_backend() {
        try (RoutingWorld world = RoutingWorld.start(directory, Map.of("web", 1, "catch-all", 1),
                ingress("nginx.ingress.kubernetes.io/whitelist-source-range: \"10.0.0.0/8\""))) {

            assertThat(world.get("guarded.example", "/").statusCode()).isEqualTo(403);
            assertThat(world.get("elsewhere.example", "/").statusCode()).as("no rule matches: the default backend's turn")
                    .isEqualTo(403);
            assertThat(world.upstreams("catch-all").get(0).requests()).isEmpty();
        }
    }

    @Test
    void the_basic_auth_of_the_ingress_is_enforced_on_its_default_backend() {
        String htpasswd = "bob:{SHA}" + Base64.getEncoder().encodeToString(DigestUtils.sha1("bob's password")) + "\n";
        try (RoutingWorld world = RoutingWorld.start(directory, Map.of("web", 1, "catch-all", 1), String.join("---\n", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: htpasswd
                type: Opaque
                data:
                  auth: %s
                """.formatted(Base64.getEncoder().encodeToString(htpasswd.getBytes(StandardCharsets.UTF_8))), ingress("""
                nginx.ingress.kubernetes.io/auth-type: basic
                    nginx.ingress.kubernetes.io/auth-secret: htpasswd""")))) {
            HttpResponse<String> anonymous = world.get("elsewhere.example", "/");
            HttpResponse<String> bob = world.http().send(world.http().request("elsewhere.example", "/")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("bob:bob's password".getBytes(StandardCharsets.UTF_8)))
                    .GET().build());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(Http.answeredBy(bob)).isEqualTo("catch-all");
        }
    }

    private static String ingress(String annotations) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: guarded
                  annotations:
                    %s
                spec:
                  ingressClassName: gatehouse
                  defaultBackend: {service: {name: catch-all, port: {number: 8080}}}
                  rules:
                  - host: guarded.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
                """.formatted(annotations);
    }
}
