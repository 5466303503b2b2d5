package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Echo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic half of the GATEWAY-HTTP conformance tests of HTTPRoute filters: each test serves the suite's manifests
 * (one namespace, v1 kinds) standalone and sends the suite's requests through the real proxy to echo upstreams, which
 * add the response headers a request asks for in {@code X-Echo-Set-Header} as the suite's echo server does. The method
 * names say which conformance test each one reproduces.
 */
class GatewayConformanceFiltersTest {

    @TempDir
    Path directory;

    @Test
    void httprouteRequestHeaderModifierSetsAddsAndRemovesRequestHeadersWithoutCase() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: request-header-modifier
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /set}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set, value: set-overwrites-values}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /add}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        add: [{name: X-Header-Add, value: add-appends-values}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /remove}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        remove: [X-Header-Remove]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /multiple}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}]
                        add:
                        - {name: X-Header-Add-1, value: header-add-1}
                        - {name: X-Header-Add-2, value: header-add-2}
                        - {name: X-Header-Add-3, value: header-add-3}
                        remove: [X-Header-Remove-1, X-Header-Remove-2]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /case-insensitivity}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set, value: header-set}]
                        add: [{name: X-Header-Add, value: header-add}]
                        remove: [X-Header-Remove]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(seen(world, "/set", "Some-Other-Header", "val"))
                    .containsEntry("header.some-other-header", "val").containsEntry("header.x-header-set", "set-overwrites-values");
            assertThat(seen(world, "/set", "Some-Other-Header", "val", "X-Header-Set", "some-other-value"))
                    .containsEntry("header.x-header-set", "set-overwrites-values");
            assertThat(seen(world, "/add", "Some-Other-Header", "val"))
                    .containsEntry("header.some-other-header", "val").containsEntry("header.x-header-add", "add-appends-values");
            assertThat(seen(world, "/add", "Some-Other-Header", "val", "X-Header-Add", "some-other-value"))
                    .containsEntry("header.x-header-add", "some-other-value,add-appends-values");
            assertThat(seen(world, "/remove", "X-Header-Remove", "val")).doesNotContainKey("header.x-header-remove");
            assertThat(seen(world, "/multiple", "X-Header-Set-2", "set-val-2", "X-Header-Add-2", "add-val-2",
                    "X-Header-Remove-2", "remove-val-2", "Another-Header", "another-header-val"))
                    .containsEntry("header.x-header-set-1", "header-set-1")
                    .containsEntry("header.x-header-set-2", "header-set-2")
                    .containsEntry("header.x-header-add-1", "header-add-1")
                    .containsEntry("header.x-header-add-2", "add-val-2,header-add-2")
                    .containsEntry("header.x-header-add-3", "header-add-3")
                    .containsEntry("header.another-header", "another-header-val")
                    .doesNotContainKeys("header.x-header-remove-1", "header.x-header-remove-2");
            assertThat(seen(world, "/case-insensitivity", "x-header-set", "original-val-set", "x-header-add", "original-val-add",
                    "x-header-remove", "original-val-remove", "Another-Header", "another-header-val"))
                    .containsEntry("header.x-header-set", "header-set")
                    .containsEntry("header.x-header-add", "original-val-add,header-add")
                    .containsEntry("header.another-header", "another-header-val")
                    .doesNotContainKey("header.x-header-remove");
        }
    }

    @Test
    void httprouteResponseHeaderModifierSetsAddsAndRemovesResponseHeadersWithoutCase() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: response-header-modifier
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /set}}]
                    filters:
                    - type: ResponseHeaderModifier
                      responseHeaderModifier:
                        set: [{name: X-Header-Set, value: set-overwrites-values}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /add}}]
                    filters:
                    - type: ResponseHeaderModifier
                      responseHeaderModifier:
                        add: [{name: X-Header-Add, value: add-appends-values}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /remove}}]
                    filters:
                    - type: ResponseHeaderModifier
                      responseHeaderModifier:
                        remove: [X-Header-Remove]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /multiple}}]
                    filters:
                    - type: ResponseHeaderModifier
                      responseHeaderModifier:
                        set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}]
                        add:
                        - {name: X-Header-Add-1, value: header-add-1}
                        - {name: X-Header-Add-2, value: header-add-2}
                        - {name: X-Header-Add-3, value: header-add-3}
                        remove: [X-Header-Remove-1, X-Header-Remove-2]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /case-insensitivity}}]
                    filters:
                    - type: ResponseHeaderModifier
                      responseHeaderModifier:
                        set: [{name: X-Header-Set, value: header-set}]
                        add: [{name: X-Header-Add, value: header-add}]
                        remove: [X-Header-Remove]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(answered(world, "/set", "Some-Other-Header:val"))
                    .containsEntry("some-other-header", "val").containsEntry("x-header-set", "set-overwrites-values");
            assertThat(answered(world, "/set", "Some-Other-Header:val,X-Header-Set:some-other-value"))
                    .containsEntry("x-header-set", "set-overwrites-values");
            assertThat(answered(world, "/add", "Some-Other-Header:val"))
                    .containsEntry("some-other-header", "val").containsEntry("x-header-add", "add-appends-values");
            assertThat(answered(world, "/add", "Some-Other-Header:val,X-Header-Add:some-other-value"))
                    .containsEntry("x-header-add", "some-other-value,add-appends-values");
            assertThat(answered(world, "/remove", "X-Header-Remove:val")).doesNotContainKey("x-header-remove");
            assertThat(answered(world, "/multiple", "X-Header-Set-2:set-val-2,X-Header-Add-2:add-val-2,"
                    + "X-Header-Remove-2:remove-val-2,Another-Header:another-header-val"))
                    .containsEntry("x-header-set-1", "header-set-1")
                    .containsEntry("x-header-set-2", "header-set-2")
                    .containsEntry("x-header-add-1", "header-add-1")
                    .containsEntry("x-header-add-2", "add-val-2,header-add-2")
                    .containsEntry("x-header-add-3", "header-add-3")
                    .containsEntry("another-header", "another-header-val")
                    .doesNotContainKeys("x-header-remove-1", "x-header-remove-2");
            assertThat(answered(world, "/case-insensitivity", "x-header-set:original-val-set,x-header-add:original-val-add,"
                    + "x-header-remove:original-val-remove,Another-Header:another-header-val"))
                    .containsEntry("x-header-set", "header-set")
                    .containsEntry("x-header-add", "original-val-add,header-add")
                    .containsEntry("another-header", "another-header-val")
                    .doesNotContainKey("x-header-remove");
        }
    }

    @Test
    void httprouteRequestHeaderModifierBackendWeightsSetsEachBackendsOwnHeader() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: request-header-modifier-backend-weights
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - backendRefs:
                    - name: infra-backend-v1
                      port: 8080
                      weight: 10
                      filters:
                      - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Backend, value: infra-backend-v1}]}}
                    - name: infra-backend-v2
                      port: 8080
                      weight: 10
                      filters:
                      - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Backend, value: infra-backend-v2}]}}
                """)) {
            Set<String> upstreams = new TreeSet<>();
            for (int i = 0; i < 100; i++) {
                Map<String, String> seen = seen(world, "/");
                assertThat(seen.get("header.backend")).as("the Backend header of request %d", i).isEqualTo(seen.get("upstream"));
                upstreams.add(seen.get("upstream"));
            }
            // each takes half: missing one in 100 requests has odds of 2^-99
            assertThat(upstreams).containsExactly("infra-backend-v1", "infra-backend-v2");
        }
    }

    @Test
    void httprouteRewritePathReplacesThePrefixOrTheWholePathAndModifiesHeadersToo() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: rewrite-path
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
                    filters:
                    - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /strip-prefix}}]
                    filters:
                    - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /full/one}}]
                    filters:
                    - {type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /one}}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /full/rewrite-path-and-modify-headers}}]
                    filters:
                    - {type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /test}}}
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set, value: set-overwrites-values}]
                        add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}]
                        remove: [X-Header-Remove]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /prefix/rewrite-path-and-modify-headers}}]
                    filters:
                    - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /prefix}}}
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set, value: set-overwrites-values}]
                        add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}]
                        remove: [X-Header-Remove]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(seen(world, "/prefix/one/two")).containsEntry("uri", "/one/two");
            assertThat(seen(world, "/strip-prefix/three")).containsEntry("uri", "/three");
            assertThat(seen(world, "/strip-prefix")).containsEntry("uri", "/");
            assertThat(seen(world, "/full/one/two?q=1")).containsEntry("uri", "/one?q=1");
            assertThat(seen(world, "/full/rewrite-path-and-modify-headers/test", "X-Header-Add-Append", "append-val-1",
                    "X-Header-Remove", "remove-val-1"))
                    .containsEntry("uri", "/test")
                    .containsEntry("header.x-header-set", "set-overwrites-values")
                    .containsEntry("header.x-header-add", "header-val-1")
                    .containsEntry("header.x-header-add-append", "append-val-1,header-val-2")
                    .doesNotContainKey("header.x-header-remove");
            assertThat(seen(world, "/prefix/rewrite-path-and-modify-headers/one", "X-Header-Remove", "remove-val-1"))
                    .containsEntry("uri", "/prefix/one")
                    .containsEntry("header.x-header-set", "set-overwrites-values")
                    .doesNotContainKey("header.x-header-remove");
        }
    }

    @Test
    void httprouteRedirectPathReplacesThePrefixOrTheWholePathWithTheHostAndStatusAsked() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: redirect-path
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /original-prefix}}]
                    filters:
                    - {type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}
                  - matches: [{path: {type: PathPrefix, value: /full}}]
                    filters:
                    - {type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}}
                  - matches: [{path: {type: PathPrefix, value: /path-and-host}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {hostname: example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}
                  - matches: [{path: {type: PathPrefix, value: /path-and-status}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {statusCode: 301, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}
                  - matches: [{path: {type: PathPrefix, value: /full-path-and-host}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {hostname: example.org, path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}}
                  - matches: [{path: {type: PathPrefix, value: /full-path-and-status}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {statusCode: 301, path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}}
                """)) {
            assertThat(redirect(world, "gateway.example", "/original-prefix/lemon"))
                    .isEqualTo("302 http://gateway.example/replacement-prefix/lemon");
            assertThat(redirect(world, "gateway.example", "/full/path/original")).isEqualTo("302 http://gateway.example/full-path-replacement");
            assertThat(redirect(world, "gateway.example", "/path-and-host")).isEqualTo("302 http://example.org/replacement-prefix");
            assertThat(redirect(world, "gateway.example", "/path-and-status")).isEqualTo("301 http://gateway.example/replacement-prefix");
            assertThat(redirect(world, "gateway.example", "/full-path-and-host")).isEqualTo("302 http://example.org/replacement-full");
            assertThat(redirect(world, "gateway.example", "/full-path-and-status")).isEqualTo("301 http://gateway.example/replacement-full");
        }
    }

    @Test
    void httprouteRedirectSchemeAndPortFollowTheDefaultPortsOfTheSchemeAndOfTheListener() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: same-namespace-with-http-listener-on-8080
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: http, port: 8080, protocol: HTTP}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: http-route-for-listener-on-port-80
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [port-80.example]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /scheme-nil-and-port-nil}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-nil-and-port-80}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, port: 80}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-nil-and-port-8080}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, port: 8080}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-https-and-port-nil}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, scheme: https}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-https-and-port-443}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, scheme: https, port: 443}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-https-and-port-8443}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, scheme: https, port: 8443}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme}}]
                    filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-and-status}}]
                    filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: http-route-for-listener-on-port-8080
                spec:
                  parentRefs: [{name: same-namespace-with-http-listener-on-8080}]
                  hostnames: [port-8080.example]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /scheme-nil-and-port-nil}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-nil-and-port-80}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, port: 80}}]
                  - matches: [{path: {type: PathPrefix, value: /scheme-https-and-port-nil}}]
                    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, scheme: https}}]
                """)) {
            assertThat(redirect(world, "port-80.example", "/scheme-nil-and-port-nil")).isEqualTo("302 http://example.org/scheme-nil-and-port-nil");
            assertThat(redirect(world, "port-80.example", "/scheme-nil-and-port-80")).isEqualTo("302 http://example.org/scheme-nil-and-port-80");
            assertThat(redirect(world, "port-80.example", "/scheme-nil-and-port-8080"))
                    .isEqualTo("302 http://example.org:8080/scheme-nil-and-port-8080");
            assertThat(redirect(world, "port-80.example", "/scheme-https-and-port-nil"))
                    .isEqualTo("302 https://example.org/scheme-https-and-port-nil");
            assertThat(redirect(world, "port-80.example", "/scheme-https-and-port-443"))
                    .isEqualTo("302 https://example.org/scheme-https-and-port-443");
            assertThat(redirect(world, "port-80.example", "/scheme-https-and-port-8443"))
                    .isEqualTo("302 https://example.org:8443/scheme-https-and-port-8443");
            // HTTPRouteRedirectScheme: the request's host, without the port it came to
            assertThat(redirect(world, "port-80.example:8080", "/scheme")).isEqualTo("302 https://port-80.example/scheme");
            assertThat(redirect(world, "port-80.example", "/scheme-and-status")).isEqualTo("301 https://port-80.example/scheme-and-status");

            assertThat(redirect(world, "port-8080.example", "/scheme-nil-and-port-nil"))
                    .isEqualTo("302 http://example.org:8080/scheme-nil-and-port-nil");
            assertThat(redirect(world, "port-8080.example", "/scheme-nil-and-port-80")).isEqualTo("302 http://example.org/scheme-nil-and-port-80");
            assertThat(redirect(world, "port-8080.example", "/scheme-https-and-port-nil"))
                    .isEqualTo("302 https://example.org/scheme-https-and-port-nil");
        }
    }

    @Test
    void httprouteRequestMirrorAndMultipleMirrorsCopyEachRequestToEveryMirror() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: request-mirror
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /mirror}}]
                    filters:
                    - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /multi-mirror}}]
                    filters:
                    - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}}}
                    - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v3, port: 8080}}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(world.answeredBy("", "/mirror")).isEqualTo("infra-backend-v1");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(uris(world, "infra-backend-v2")).containsExactly("/mirror"));
            assertThat(world.answeredBy("", "/multi-mirror")).isEqualTo("infra-backend-v1");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(uris(world, "infra-backend-v2")).containsExactly("/mirror", "/multi-mirror");
                assertThat(uris(world, "infra-backend-v3")).containsExactly("/multi-mirror");
            });
            assertThat(uris(world, "infra-backend-v1")).containsExactly("/mirror", "/multi-mirror");
        }
    }

    @Test
    void httprouteRequestPercentageMirrorCopiesItsShareOfTheRequests() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: request-percentage-mirror
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /percent-mirror}}]
                    filters:
                    - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}, percent: 20}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /percent-mirror-fraction}}]
                    filters:
                    - type: RequestMirror
                      requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}, fraction: {numerator: 25, denominator: 50}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /percent-multi-mirror-and-modify-headers}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set, value: set-overwrites-values}]
                        add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}]
                        remove: [X-Header-Remove]
                    - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}, percent: 35}}
                    - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v3, port: 8080}, percent: 50}}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            int total = 300;
            for (int i = 0; i < total; i++) {
                assertThat(world.answeredBy("", "/percent-mirror")).isEqualTo("infra-backend-v1");
                assertThat(world.answeredBy("", "/percent-mirror-fraction")).isEqualTo("infra-backend-v1");
                assertThat(seen(world, "/percent-multi-mirror-and-modify-headers", "X-Header-Remove", "remove-val",
                        "X-Header-Add-Append", "append-val-1"))
                        .containsEntry("header.x-header-set", "set-overwrites-values")
                        .containsEntry("header.x-header-add-append", "append-val-1,header-val-2")
                        .doesNotContainKey("header.x-header-remove");
            }
            // the expected counts are 60, 150, 105 and 150 of 300, with standard deviations from 7 to 9: each range is
            // about four of them either side
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(count(world, "infra-backend-v2", "/percent-mirror")).isBetween(30L, 95L);
                assertThat(count(world, "infra-backend-v2", "/percent-mirror-fraction")).isBetween(115L, 185L);
                assertThat(count(world, "infra-backend-v2", "/percent-multi-mirror-and-modify-headers")).isBetween(70L, 140L);
                assertThat(count(world, "infra-backend-v3", "/percent-multi-mirror-and-modify-headers")).isBetween(115L, 185L);
            });
        }
    }

    @Test
    void httprouteCorsAnswersPreflightsAndGrantsTheListedOriginsOnly() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: cors-multiple-origins-methods-headers
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - filters:
                    - type: CORS
                      cors:
                        allowOrigins: ["https://www.foo.com", "https://*.bar.com"]
                        allowMethods: [GET, OPTIONS]
                        allowHeaders: [x-header-1, x-header-2]
                        exposeHeaders: [x-header-3, x-header-4]
                        allowCredentials: true
                        maxAge: 3600
                    matches: [{path: {type: PathPrefix, value: /cors-1}}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: cors-wildcard-methods
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - filters:
                    - type: CORS
                      cors:
                        allowOrigins: ["https://www.foo.com"]
                        allowMethods: ["*"]
                    matches: [{path: {type: PathPrefix, value: /cors-2}}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            for (String origin : List.of("https://www.foo.com", "https://www.bar.com", "https://xpto.www.bar.com")) {
                HttpResponse<String> preflight = send(world, "OPTIONS", "/cors-1", "Origin", origin,
                        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-header-1, x-header-2");
                assertThat(preflight.statusCode()).as("preflight from %s", origin).isEqualTo(200);
                assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains(origin);
                assertThat(preflight.headers().firstValue("access-control-allow-methods")).contains("GET, OPTIONS");
                assertThat(preflight.headers().firstValue("access-control-allow-headers")).contains("x-header-1, x-header-2");
                assertThat(preflight.headers().firstValue("access-control-expose-headers")).contains("x-header-3, x-header-4");
                assertThat(preflight.headers().firstValue("access-control-max-age")).contains("3600");
                assertThat(preflight.headers().firstValue("access-control-allow-credentials")).contains("true");
            }
            HttpResponse<String> refused = send(world, "OPTIONS", "/cors-1", "Origin", "https://foobar.com",
                    "Access-Control-Request-Method", "GET");
            assertThat(refused.statusCode()).isIn(200, 204, 403);
            assertThat(refused.headers().firstValue("access-control-allow-origin")).isEmpty();

            for (String origin : List.of("https://www.foo.com", "https://www.bar.com")) {
                HttpResponse<String> simple = send(world, "GET", "/cors-1", "Origin", origin);
                assertThat(simple.statusCode()).isEqualTo(200);
                assertThat(simple.headers().firstValue("access-control-allow-origin")).contains(origin);
            }
            assertThat(send(world, "GET", "/cors-1", "Origin", "https://foobar.com").headers()
                    .firstValue("access-control-allow-origin")).isEmpty();

            HttpResponse<String> anyMethod = send(world, "OPTIONS", "/cors-2", "Origin", "https://www.foo.com",
                    "Access-Control-Request-Method", "POST");
            assertThat(anyMethod.statusCode()).isIn(200, 204);
            assertThat(anyMethod.headers().firstValue("access-control-allow-methods")).hasValueSatisfying(
                    methods -> assertThat(methods).isIn("POST", "*"));
            assertThat(anyMethod.headers().firstValue("access-control-allow-origin")).contains("https://www.foo.com");
            assertThat(anyMethod.headers().firstValue("access-control-allow-credentials")).isEmpty();
        }
    }

    // the suite limits to 500ms against a 1s delay; here 2s against 4s, so that a busy machine cannot make the quick answer late
    @Test
    void httprouteTimeoutRequestAnswers504WhenTheWholeRequestTakesLongerAndZeroDisablesTheLimit() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: request-timeout
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /request-timeout}}]
                    timeouts: {request: 2s}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /disable-request-timeout}}]
                    timeouts: {request: 0s}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(world.answeredBy("", "/request-timeout")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/request-timeout?delay=4s")).isEqualTo("status 504");
            assertThat(world.answeredBy("", "/disable-request-timeout?delay=4s")).isEqualTo("infra-backend-v1");
        }
    }

    @Test
    void httprouteTimeoutBackendRequestAnswers504WhenTheBackendTakesLongerAndZeroDisablesTheLimit() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: backend-request-timeout
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /backend-request-timeout}}]
                    timeouts: {backendRequest: 2s}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /disable-backend-request-timeout}}]
                    timeouts: {backendRequest: 0s}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(world.answeredBy("", "/backend-request-timeout")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("", "/backend-request-timeout?delay=4s")).isEqualTo("status 504");
            assertThat(world.answeredBy("", "/disable-backend-request-timeout?delay=4s")).isEqualTo("infra-backend-v1");
        }
    }

    @Test
    void anExtensionRefFilterNothingResolvesAnswers500ForItsRuleOnly() {
        try (RoutingWorld world = GatewayWorld.start(directory, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: extension-ref
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /extended}}]
                    filters:
                    - type: ExtensionRef
                      extensionRef: {group: example.com, kind: MyFilter, name: my-filter}
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /plain}}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """)) {
            assertThat(world.answeredBy("", "/extended")).isEqualTo("status 500");
            assertThat(world.answeredBy("", "/plain")).isEqualTo("infra-backend-v1");
        }
    }

    /** The answer to {@code method path} sent with these headers (name, value, ...). */
    private static HttpResponse<String> send(RoutingWorld world, String method, String path, String... headers) {
        HttpRequest.Builder request = world.http().request(null, path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return world.http().send(request.build());
    }

    /** What the upstream saw of GET {@code path} sent with these headers (name, value, ...). */
    private static Map<String, String> seen(RoutingWorld world, String path, String... headers) {
        HttpRequest.Builder request = world.http().request(null, path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = world.http().send(request.build());
        assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
        return Echo.parse(response.body());
    }

    /** The response headers of GET {@code path} whose upstream added {@code echoed}, by lower-case name, repeated values joined. */
    private static Map<String, String> answered(RoutingWorld world, String path, String echoed) {
        HttpResponse<String> response = world.http().send(world.http().request(null, path).header("X-Echo-Set-Header", echoed).GET().build());
        assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return headers;
    }

    /** The targets of the requests upstream {@code name} received, in arrival order. */
    private static List<String> uris(RoutingWorld world, String name) {
        return world.upstreams(name).get(0).requests().stream().map(request -> request.get("uri")).toList();
    }

    private static long count(RoutingWorld world, String name, String uri) {
        return uris(world, name).stream().filter(uri::equals).count();
    }

    /** The status and Location of GET {@code path} on {@code host}. */
    private static String redirect(RoutingWorld world, String host, String path) {
        HttpResponse<String> response = world.get(host, path);
        return response.statusCode() + " " + response.headers().firstValue("Location").orElse("(none)");
    }
}
