package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic half of the conformance tests about how Gateway API objects relate: ReferenceGrants opening a Service of
 * another namespace to HTTPRoutes, and routes of several HTTPRoutes sharing a host. Namespace {@code default} stands for
 * the suite's {@code gateway-conformance-infra}; the backends' namespaces keep their names.
 */
class GatewayObjectsRoutingTest {

    private static final String WEB_BACKEND_GRANT = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata:
              name: reference-grant
              namespace: gateway-conformance-web-backend
            spec:
              from:
              - group: gateway.networking.k8s.io
                kind: HTTPRoute
                namespace: default
              to:
              - group: ""
                kind: Service
                name: web-backend
            """;

    @TempDir
    Path directory;

    @Test
    void httprouteReferenceGrantLetsARouteReachAServiceOfAnotherNamespaceUntilTheGrantIsRemoved() throws IOException {
        try (RoutingWorld world = GatewayWorld.start(directory, GatewayWorld.serviceIn("gateway-conformance-web-backend", "web-backend") + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: reference-grant
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - backendRefs:
                    - name: web-backend
                      namespace: gateway-conformance-web-backend
                      port: 8080
                ---
                """ + WEB_BACKEND_GRANT, "web-backend")) {
            assertThat(world.answeredBy("", "/")).isEqualTo("web-backend");

            Path manifests = world.directory().resolve("ingresses.yaml");
            String text = Files.readString(manifests);
            Files.writeString(manifests, text.substring(0, text.indexOf("apiVersion: gateway.networking.k8s.io/v1beta1")));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(world.answeredBy("", "/")).isEqualTo("status 500"));
        }
    }

    @Test
    void httproutePartiallyInvalidViaInvalidReferenceGrantAnswers500OnlyForTheRuleWhoseServiceIsNotGranted() {
        try (RoutingWorld world = GatewayWorld.start(directory, GatewayWorld.serviceIn("gateway-conformance-app-backend", "app-backend-v1")
                + GatewayWorld.serviceIn("gateway-conformance-app-backend", "app-backend-v2") + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ReferenceGrant
                metadata:
                  name: reference-grant
                  namespace: gateway-conformance-app-backend
                spec:
                  from:
                  - group: gateway.networking.k8s.io
                    kind: HTTPRoute
                    namespace: default
                  to:
                  - group: ""
                    kind: Service
                    name: app-backend-v1
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: invalid-reference-grant
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /v2
                    backendRefs:
                    - name: app-backend-v2
                      namespace: gateway-conformance-app-backend
                      port: 8080
                  - backendRefs:
                    - name: app-backend-v1
                      namespace: gateway-conformance-app-backend
                      port: 8080
                """, "app-backend-v1", "app-backend-v2")) {
            assertThat(world.answeredBy("", "/v2")).isEqualTo("status 500");
            assertThat(world.answeredBy("", "/")).isEqualTo("app-backend-v1");
        }
    }

    @Test
    void httprouteMatchingAcrossRoutesServesTheMatchesOfTwoRoutesOnTheHostsTheyShare() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: matching-part1
                spec:
                  parentRefs:
                  - name: same-namespace
                  hostnames:
                  - example.com
                  - example.net
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /
                    - headers:
                      - name: version
                        value: one
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: matching-part2
                spec:
                  hostnames:
                  - "*.com"
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /v2
                    - headers:
                      - name: version
                        value: two
                    backendRefs:
                    - name: infra-backend-v2
                      port: 8080
                """)) {
            assertThat(world.answeredBy("example.com", "/")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("example.com", "/example")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("example.net", "/example")).isEqualTo("infra-backend-v1");
            assertThat(send(world, "example.com", "/example", "version", "one")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("example.com", "/v2")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("example.net", "/v2")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("example.com", "/v2/example")).isEqualTo("infra-backend-v2");
            assertThat(send(world, "example.com", "/", "version", "two")).isEqualTo("infra-backend-v2");
        }
    }

    @Test
    void conflictedListenersServeNoRouteWhileTheDistinctListenerOfTheirGatewayServesItsOwn() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: conflicts}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: distinct, port: 80, protocol: HTTP, hostname: a.example.com}
                  - {name: same-host-1, port: 80, protocol: HTTP, hostname: dup.example.com}
                  - {name: same-host-2, port: 80, protocol: HTTP, hostname: dup.example.com}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: both-hosts}
                spec:
                  parentRefs: [{name: conflicts}]
                  hostnames: [a.example.com, dup.example.com]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                """)) {
            assertThat(world.answeredBy("a.example.com", "/")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("dup.example.com", "/")).isEqualTo("status 404");
        }
    }

    private static String send(RoutingWorld world, String host, String path, String header, String value) {
        return Http.answeredBy(world.http().send(world.http().request(host, path).header(header, value).build()));
    }
}
