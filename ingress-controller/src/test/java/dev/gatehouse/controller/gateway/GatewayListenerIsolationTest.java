package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPListenerIsolation through the real proxy: four listeners on one port, from no hostname to an exact one, each with
 * a route attached to it alone; a request is answered only by the routes of the most specific listener matching its
 * host, never by those of a less specific one, as the conformance test's manifests and requests have it.
 */
class GatewayListenerIsolationTest {

    @TempDir
    Path directory;

    @Test
    void httpListenerIsolationAnswersEachHostOnlyWithTheRoutesOfItsMostSpecificListener() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: http-listener-isolation}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: empty-hostname, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
                  - {name: wildcard-example-com, port: 80, protocol: HTTP, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}
                  - {name: wildcard-foo-example-com, port: 80, protocol: HTTP, hostname: "*.foo.example.com", allowedRoutes: {namespaces: {from: All}}}
                  - {name: abc-foo-example-com, port: 80, protocol: HTTP, hostname: abc.foo.example.com, allowedRoutes: {namespaces: {from: All}}}
                ---
                """ + route("empty-hostname", "infra-backend-v1") + route("wildcard-example-com", "infra-backend-v2")
                + route("wildcard-foo-example-com", "infra-backend-v3") + route("abc-foo-example-com", "abc-backend"), "abc-backend")) {
            assertThat(world.answeredBy("bar.com", "/empty-hostname")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("bar.com", "/wildcard-example-com")).isEqualTo("status 404");
            assertThat(world.answeredBy("bar.com", "/wildcard-foo-example-com")).isEqualTo("status 404");
            assertThat(world.answeredBy("bar.com", "/abc-foo-example-com")).isEqualTo("status 404");

            assertThat(world.answeredBy("bar.example.com", "/wildcard-example-com")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("bar.example.com", "/empty-hostname")).isEqualTo("status 404");
            assertThat(world.answeredBy("bar.example.com", "/wildcard-foo-example-com")).isEqualTo("status 404");
            assertThat(world.answeredBy("bar.example.com", "/abc-foo-example-com")).isEqualTo("status 404");

            assertThat(world.answeredBy("bar.foo.example.com", "/wildcard-foo-example-com")).isEqualTo("infra-backend-v3");
            assertThat(world.answeredBy("bar.foo.example.com", "/empty-hostname")).isEqualTo("status 404");
            assertThat(world.answeredBy("bar.foo.example.com", "/wildcard-example-com")).isEqualTo("status 404");
            assertThat(world.answeredBy("bar.foo.example.com", "/abc-foo-example-com")).isEqualTo("status 404");

            assertThat(world.answeredBy("abc.foo.example.com", "/abc-foo-example-com")).isEqualTo("abc-backend");
            assertThat(world.answeredBy("abc.foo.example.com", "/empty-hostname")).isEqualTo("status 404");
            assertThat(world.answeredBy("abc.foo.example.com", "/wildcard-example-com")).isEqualTo("status 404");
            assertThat(world.answeredBy("abc.foo.example.com", "/wildcard-foo-example-com")).isEqualTo("status 404");
        }
    }

    @Test
    void aMoreSpecificListenerWithoutRoutesStillKeepsItsHostFromTheRoutesOfALessSpecificOne() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: quiet-listener}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: empty-hostname, port: 80, protocol: HTTP}
                  - {name: quiet, port: 80, protocol: HTTP, hostname: quiet.example.com}
                ---
                """ + route("empty-hostname", "infra-backend-v1").replace("http-listener-isolation", "quiet-listener"))) {
            assertThat(world.answeredBy("other.example.com", "/empty-hostname")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("quiet.example.com", "/empty-hostname")).isEqualTo("status 404");
        }
    }

    @Test
    void aRouteWithoutHostnameOnTheListenerWithoutHostnameStillSharesTheHostsOfOtherRoutesOfItsListener() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: any-host}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules: [{matches: [{path: {type: PathPrefix, value: /any}}], backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: one-host}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [one.example.com]
                  rules: [{matches: [{path: {type: PathPrefix, value: /one}}], backendRefs: [{name: infra-backend-v2, port: 8080}]}]
                """)) {
            assertThat(world.answeredBy("one.example.com", "/one")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("one.example.com", "/any")).isEqualTo("infra-backend-v1");
        }
    }

    private static String route(String listener, String backend) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: attached-to-%1$s}
                spec:
                  parentRefs: [{name: http-listener-isolation, sectionName: %1$s}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /%1$s}}]
                    backendRefs: [{name: %2$s, port: 8080}]
                ---
                """.formatted(listener, backend);
    }
}
