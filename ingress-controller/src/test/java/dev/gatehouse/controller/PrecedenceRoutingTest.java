package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How rules of several Ingresses combine: host-specific before host-less, the default backend last,
 * the oldest Ingress winning a conflict, class filtering, and what happens to broken rules.
 */
class PrecedenceRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;

    @BeforeAll
    static void start() {
        world = RoutingWorld.start(directory, Map.of("shop", 1, "shop-api", 1, "hostless", 1, "catch-all", 1,
                "wild", 1, "older", 1, "newer", 1, "nginx-owned", 1, "replicas", 3, "empty", 0), """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: gatehouse
                spec:
                  controller: gatehouse.dev/ingress-controller
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: shop
                  namespace: default
                  creationTimestamp: "2025-01-01T00:00:00Z"
                spec:
                  ingressClassName: gatehouse
                  defaultBackend: {service: {name: catch-all, port: {number: 8080}}}
                  rules:
                  - host: shop.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 8080}}}}
                  - host: "*.shop.example"
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: wild, port: {number: 8080}}}}
                  - host: eu.shop.example
                    http:
                      paths:
                      - {path: /local, pathType: Prefix, backend: {service: {name: shop, port: {number: 8080}}}}
                  - http:
                      paths:
                      - {path: /hostless, pathType: Prefix, backend: {service: {name: hostless, port: {number: 8080}}}}
                ---
                # A second Ingress on the same host merges into it.
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: shop-api
                  creationTimestamp: "2025-02-01T00:00:00Z"
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: shop.example
                    http:
                      paths:
                      - {path: /api, pathType: Prefix, backend: {service: {name: shop-api, port: {number: 8080}}}}
                      - {path: /broken path, pathType: Prefix, backend: {service: {name: shop-api, port: {number: 8080}}}}
                      - {path: /missing, pathType: Prefix, backend: {service: {name: no-such-service, port: {number: 8080}}}}
                      - {path: /down, pathType: Prefix, backend: {service: {name: empty, port: {number: 8080}}}}
                      - {path: /wrong-port, pathType: Prefix, backend: {service: {name: shop-api, port: {number: 9999}}}}
                      - {path: /lb, pathType: Prefix, backend: {service: {name: replicas, port: {name: http}}}}
                ---
                # Two Ingresses claim the same host, path and type: the older one keeps it.
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: newer
                  creationTimestamp: "2026-06-01T00:00:00Z"
                spec:
                  ingressClassName: gatehouse
                  defaultBackend: {service: {name: newer, port: {number: 8080}}}
                  rules:
                  - host: contested.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: newer, port: {number: 8080}}}}
                      - {path: /only-newer, pathType: Exact, backend: {service: {name: newer, port: {number: 8080}}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: older
                  creationTimestamp: "2024-06-01T00:00:00Z"
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: contested.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: older, port: {number: 8080}}}}
                ---
                # Another controller's Ingress is not served.
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: theirs
                  annotations:
                    kubernetes.io/ingress.class: nginx
                spec:
                  rules:
                  - host: nginx.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: nginx-owned, port: {number: 8080}}}}
                """);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @ParameterizedTest(name = "GET http://{0}{1} is answered by {2}")
    @CsvSource(delimiter = '|', value = {
            "shop.example         | /               | shop",
            "shop.example         | /api/orders     | shop-api",
            "shop.example         | /apix           | shop",
            "shop.example         | /hostless       | shop",
            "eu.shop.example      | /local/x        | shop",
            "eu.shop.example      | /elsewhere      | wild",
            "us.shop.example      | /               | wild",
            "a.b.shop.example     | /               | catch-all",
            "unknown.example      | /hostless/x     | hostless",
            "unknown.example      | /nothing        | catch-all",
            "''                   | /hostless       | hostless",
            "''                   | /               | catch-all",
            "contested.example    | /               | older",
            "contested.example    | /only-newer     | newer",
            "nginx.example        | /               | catch-all",
            "shop.example         | /missing        | status 503",
            "shop.example         | /down/x         | status 503",
            "shop.example         | /wrong-port     | status 503",
            "shop.example         | /broken path    | shop",
    })
    void rules_of_several_ingresses_combine_by_precedence(String host, String path, String expected) {
        assertThat(world.answeredBy(host, path.replace(" ", "%20"))).isEqualTo(expected);
    }

    @Test
    void requests_to_a_service_with_several_ready_endpoints_use_all_of_them_in_turn() {
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answeredBy.add(world.answeredBy("shop.example", "/lb/" + i));
        }

        assertThat(answeredBy).containsOnly("replicas-1", "replicas-2", "replicas-3");
        for (String replica : List.of("replicas-1", "replicas-2", "replicas-3")) {
            assertThat(answeredBy).filteredOn(replica::equals).hasSize(10);
        }
    }

    @ParameterizedTest(name = "{0} http://{1}/{2} reaches the default backend unchanged")
    @CsvSource(delimiter = '|', value = {
            "GET    | my-host   | ''",
            "GET    | my-host   | sub-path",
            "POST   | some-host | ''",
            "PUT    | ''        | resource",
            "DELETE | some-host | resource",
            "PATCH  | my-host   | resource",
    })
    void the_default_backend_gets_every_method_host_and_path_no_rule_takes(String method, String host, String path) {
        HttpResponse<String> response = world.http().send(world.http().request(host.isEmpty() ? null : host, "/" + path)
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Echo.parse(response.body()))
                .containsEntry("upstream", "catch-all")
                .containsEntry("method", method)
                .containsEntry("uri", "/" + path);
    }
}
