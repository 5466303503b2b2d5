package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic half of the GATEWAY-HTTP conformance tests Gatehouse serves: each test serves the suite's manifests (one
 * namespace, v1 kinds) standalone and sends the suite's requests through the real proxy to echo upstreams. The
 * method names say which conformance test each one reproduces.
 */
class GatewayConformanceRoutingTest {

    @TempDir
    Path directory;

    @Test
    void httprouteSimpleSameNamespaceRoutesEveryPathToTheBackend() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: gateway-conformance-infra-test
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                """)) {
            assertThat(world.answeredBy("", "/")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("any.example.com", "/some/path")).isEqualTo("infra-backend-v1");
        }
    }

    @Test
    void httprouteExactPathMatchingTakesOnlyTheExactPaths() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: exact-matching
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: Exact
                        value: /one
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                  - matches:
                    - path:
                        type: Exact
                        value: /two
                    backendRefs:
                    - name: infra-backend-v2
                      port: 8080
                """)) {
            assertThat(world.answeredBy("", "/one")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/two")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("", "/")).isEqualTo("status 404");
            assertThat(world.answeredBy("", "/one/example")).isEqualTo("status 404");
            assertThat(world.answeredBy("", "/two/")).isEqualTo("status 404");
        }
    }

    @Test
    void httproutePathMatchingPrefersTheLongestPrefixThenExactAndMatchesWholeSegments() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: matching-part1
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /v2
                    backendRefs:
                    - name: infra-backend-v2
                      port: 8080
                  - matches:
                    - path:
                        type: Exact
                        value: /v2/exact
                    backendRefs:
                    - name: infra-backend-v3
                      port: 8080
                """)) {
            assertThat(world.answeredBy("", "/")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/example")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/v2")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("", "/v2/example")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("", "/v2example")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/v2/exact")).isEqualTo("infra-backend-v3");
        }
    }

    @Test
    void httproutePathMatchRegularExpressionIsTriedAfterTheExactAndPrefixPathsOfItsHost() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: path-regex
                spec:
                  parentRefs:
                  - name: same-namespace
                  hostnames: [re.example.com]
                  rules:
                  - matches:
                    - path:
                        type: RegularExpression
                        value: /re/[0-9]+
                    backendRefs:
                    - name: infra-backend-v3
                      port: 8080
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /re/1
                    backendRefs:
                    - name: infra-backend-v2
                      port: 8080
                """)) {
            assertThat(world.answeredBy("re.example.com", "/re/42")).isEqualTo("infra-backend-v3");
            assertThat(world.answeredBy("re.example.com", "/re/1")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("re.example.com", "/re/x")).isEqualTo("status 404");
        }
    }

    @Test
    void httprouteMatchingSendsARequestToTheRuleOfWhicheverOfItsMatchesItSatisfies() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: matching
                spec:
                  parentRefs:
                  - name: same-namespace
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
            assertThat(world.answeredBy("", "/")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/example")).isEqualTo("infra-backend-v1");
            assertThat(send(world, "GET", "/", "version", "one")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/v2")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("", "/v2/example")).isEqualTo("infra-backend-v2");
            assertThat(send(world, "GET", "/", "version", "two")).isEqualTo("infra-backend-v2");
        }
    }

    @Test
    void httprouteHeaderMatchingPrefersTheMatchWithMoreHeadersAndComparesNamesWithoutCase() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: header-matching
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - headers:
                      - name: Version
                        value: one
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                  - matches:
                    - headers:
                      - name: version
                        value: two
                    backendRefs:
                    - name: infra-backend-v2
                      port: 8080
                  - matches:
                    - headers:
                      - name: version
                        value: two
                      - name: color
                        type: RegularExpression
                        value: "orange|red"
                    backendRefs:
                    - name: infra-backend-v3
                      port: 8080
                """)) {
            assertThat(send(world, "GET", "/", "version", "one")).isEqualTo("infra-backend-v1");
            assertThat(send(world, "GET", "/", "VERSION", "two")).isEqualTo("infra-backend-v2");
            assertThat(send(world, "GET", "/", "version", "two", "color", "orange")).isEqualTo("infra-backend-v3");
            assertThat(send(world, "GET", "/", "version", "two", "color", "dark-orange")).isEqualTo("infra-backend-v2");
            assertThat(send(world, "GET", "/", "version", "ONE")).isEqualTo("status 404");
            assertThat(world.answeredBy("", "/")).isEqualTo("status 404");
        }
    }

    @Test
    void httprouteQueryParamAndMethodMatchingRouteByTheQueryAndTheMethod() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: query-and-method-matching
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - queryParams:
                      - name: animal
                        value: whale
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                  - matches:
                    - queryParams:
                      - name: animal
                        value: dolphin
                      - name: color
                        type: RegularExpression
                        value: "blue|green"
                    backendRefs:
                    - name: infra-backend-v2
                      port: 8080
                  - matches:
                    - method: POST
                      path:
                        type: PathPrefix
                        value: /submit
                    backendRefs:
                    - name: infra-backend-v3
                      port: 8080
                """)) {
            assertThat(world.answeredBy("", "/?animal=whale")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/path?animal=whale&other=1")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/?animal=dolphin&color=blue")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("", "/?animal=dolphin&color=purple")).isEqualTo("status 404");
            assertThat(world.answeredBy("", "/?Animal=whale")).isEqualTo("status 404");
            assertThat(send(world, "POST", "/submit")).isEqualTo("infra-backend-v3");
            assertThat(send(world, "GET", "/submit")).isEqualTo("status 404");
        }
    }

    /** The upstream that answered a request with this method, path and headers (name, value, ...). */
    private static String send(RoutingWorld world, String method, String path, String... headers) {
        HttpRequest.Builder request = world.http().request(null, path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.answeredBy(world.http().send(request.build()));
    }

    @Test
    void httprouteWeightSplitsRequestsByWeightAndSendsNoneToWeightZero() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: weighted-backends
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                      weight: 70
                    - name: infra-backend-v2
                      port: 8080
                      weight: 30
                    - name: infra-backend-v3
                      port: 8080
                      weight: 0
                """)) {
            Map<String, Integer> counts = new HashMap<>();
            int total = 500;
            for (int i = 0; i < total; i++) {
                counts.merge(world.answeredBy("", "/"), 1, Integer::sum);
            }
            assertThat(counts).containsOnlyKeys("infra-backend-v1", "infra-backend-v2");
            // 70% of 500 is 350 with a standard deviation of about 10: 300 to 400 is five of them either side
            assertThat(counts.get("infra-backend-v1")).isBetween(300, 400);
        }
    }

    @Test
    void httprouteHostnameIntersectionServesEachRouteOnTheNamesItSharesWithAListener() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: httproute-hostname-intersection
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: listener-1, port: 80, protocol: HTTP, hostname: very.specific.com}
                  - {name: listener-2, port: 80, protocol: HTTP, hostname: "*.wildcard.io"}
                  - {name: listener-3, port: 80, protocol: HTTP, hostname: "*.anotherwildcard.io"}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: specific-host-matches-listener-specific-host
                spec:
                  parentRefs: [{name: httproute-hostname-intersection}]
                  hostnames: [non.matching.com, "*.nonmatchingwildcard.io", very.specific.com]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /s1}}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: specific-host-matches-listener-wildcard-host
                spec:
                  parentRefs: [{name: httproute-hostname-intersection}]
                  hostnames: [non.matching.com, wildcard.io, foo.wildcard.io, bar.wildcard.io, foo.bar.wildcard.io]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /s2}}]
                    backendRefs: [{name: infra-backend-v2, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: wildcard-host-matches-listener-specific-host
                spec:
                  parentRefs: [{name: httproute-hostname-intersection}]
                  hostnames: [non.matching.com, "*.specific.com"]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /s3}}]
                    backendRefs: [{name: infra-backend-v3, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: wildcard-host-matches-listener-wildcard-host
                spec:
                  parentRefs: [{name: httproute-hostname-intersection}]
                  hostnames: ["*.anotherwildcard.io"]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /s4}}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: no-intersecting-hosts
                spec:
                  parentRefs: [{name: httproute-hostname-intersection}]
                  hostnames: [specific.but.wrong.com, wildcard.io]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /s5}}]
                    backendRefs: [{name: infra-backend-v2, port: 8080}]
                """)) {
            assertThat(world.answeredBy("very.specific.com", "/s1")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("non.matching.com", "/s1")).isEqualTo("status 404");
            assertThat(world.answeredBy("foo.nonmatchingwildcard.io", "/s1")).isEqualTo("status 404");
            assertThat(world.answeredBy("foo.wildcard.io", "/s2")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("bar.wildcard.io", "/s2")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("foo.bar.wildcard.io", "/s2")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("wildcard.io", "/s2")).isEqualTo("status 404");
            assertThat(world.answeredBy("very.specific.com", "/s3")).isEqualTo("infra-backend-v3");
            assertThat(world.answeredBy("foo.specific.com", "/s3")).isEqualTo("status 404");
            assertThat(world.answeredBy("foo.anotherwildcard.io", "/s4")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("anotherwildcard.io", "/s4")).isEqualTo("status 404");
            assertThat(world.answeredBy("specific.but.wrong.com", "/s5")).isEqualTo("status 404");
            assertThat(world.answeredBy("wildcard.io", "/s5")).isEqualTo("status 404");
        }
    }

    @Test
    void httprouteRewriteHostAndPathReachTheBackendRewritten() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: rewrite-host-and-path
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /prefix/one
                    filters:
                    - type: URLRewrite
                      urlRewrite:
                        hostname: one.example.org
                        path:
                          type: ReplacePrefixMatch
                          replacePrefixMatch: /one
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                  - matches:
                    - path:
                        type: Exact
                        value: /full/path
                    filters:
                    - type: URLRewrite
                      urlRewrite:
                        path:
                          type: ReplaceFullPath
                          replaceFullPath: /one
                    backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                """)) {
            Map<String, String> prefix = Echo.parse(world.get("", "/prefix/one/two?q=1").body());
            assertThat(prefix).containsEntry("uri", "/one/two?q=1").containsEntry("header.host", "one.example.org");
            assertThat(Echo.parse(world.get("", "/full/path").body())).containsEntry("uri", "/one");
        }
    }

    @Test
    void httprouteRedirectHostAndStatusAnswersWithTheOtherHost() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: redirect-host-and-status
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /hostname-redirect
                    filters:
                    - type: RequestRedirect
                      requestRedirect:
                        hostname: example.org
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /host-and-status
                    filters:
                    - type: RequestRedirect
                      requestRedirect:
                        hostname: example.org
                        statusCode: 301
                """)) {
            HttpResponse<String> found = world.get("gateway.example", "/hostname-redirect");
            assertThat(found.statusCode()).isEqualTo(302);
            assertThat(found.headers().firstValue("Location")).contains("http://example.org/hostname-redirect");
            HttpResponse<String> moved = world.get("gateway.example", "/host-and-status");
            assertThat(moved.statusCode()).isEqualTo(301);
            assertThat(moved.headers().firstValue("Location")).contains("http://example.org/host-and-status");
        }
    }

    @Test
    void httprouteInvalidBackendRefNonexistentAnswers500() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: invalid-nonexistent-backend-ref
                spec:
                  parentRefs:
                  - name: same-namespace
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /
                    backendRefs:
                    - name: nonexistent-backend
                      port: 8080
                """)) {
            assertThat(world.answeredBy("", "/")).isEqualTo("status 500");
        }
    }

    @Test
    void aGatewayOfAnotherControllersClassIsNotServed() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata:
                  name: someone-else
                spec:
                  controllerName: example.com/other-controller
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: theirs
                spec:
                  gatewayClassName: someone-else
                  listeners:
                  - {name: http, port: 80, protocol: HTTP}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: on-their-gateway
                spec:
                  parentRefs: [{name: theirs}]
                  rules:
                  - backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(world.answeredBy("", "/")).isEqualTo("status 404");
        }
    }
}
