package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which Ingresses are served (default IngressClass, classes of other controllers) and how backends
 * resolve (Endpoints objects, ExternalName, ImplementationSpecific paths), through the real proxy.
 */
class ClassAndBackendRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;

    @BeforeAll
    static void start() {
        world = RoutingWorld.start(directory, Map.of("default-class", 1, "named-class", 1, "other-class", 1,
                "legacy-pod", 1, "docs", 1), """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: edge
                  annotations:
                    ingressclass.kubernetes.io/is-default-class: "true"
                spec:
                  controller: gatehouse.dev/ingress-controller
                ---
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: nginx
                spec:
                  controller: k8s.io/ingress-nginx
                ---
                # No class at all: ours, because our IngressClass "edge" is the default.
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: classless}
                spec:
                  rules:
                  - host: classless.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: default-class, port: {number: 8080}}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: named}
                spec:
                  ingressClassName: edge
                  rules:
                  - host: named.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: named-class, port: {number: 8080}}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: other}
                spec:
                  ingressClassName: nginx
                  rules:
                  - host: other.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: other-class, port: {number: 8080}}}}
                ---
                # A Service without EndpointSlices: its Endpoints object gives the address.
                apiVersion: v1
                kind: Service
                metadata: {name: legacy}
                spec:
                  ports:
                  - {name: web, port: 80}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: legacy}
                subsets:
                - addresses: [{ip: 127.0.0.1}]
                  ports: [{name: web, port: ${port:legacy-pod}}]
                ---
                # An ExternalName Service: the proxy resolves the name when it connects.
                apiVersion: v1
                kind: Service
                metadata: {name: outside}
                spec:
                  type: ExternalName
                  externalName: localhost
                  ports:
                  - {port: 80, targetPort: ${port:docs}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: backends}
                spec:
                  ingressClassName: edge
                  rules:
                  - host: backends.example
                    http:
                      paths:
                      - {path: /legacy, pathType: Prefix, backend: {service: {name: legacy, port: {name: web}}}}
                      - {path: /outside, pathType: Prefix, backend: {service: {name: outside, port: {number: 80}}}}
                      - {path: /docs, pathType: ImplementationSpecific, backend: {service: {name: docs, port: {number: 8080}}}}
                """);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @ParameterizedTest(name = "GET http://{0}{1} is answered by {2}")
    @CsvSource(delimiter = '|', value = {
            "classless.example | /              | default-class",
            "named.example     | /              | named-class",
            "other.example     | /              | status 404",
            "backends.example  | /legacy/x      | legacy-pod",
            "backends.example  | /outside       | docs",
            "backends.example  | /docs/intro    | docs",
            "backends.example  | /docsy         | status 404",
    })
    void a_request_is_served_only_by_our_ingresses_and_reaches_the_resolved_backend(String host, String path, String expected) {
        assertThat(world.answeredBy(host, path)).isEqualTo(expected);
    }
}
