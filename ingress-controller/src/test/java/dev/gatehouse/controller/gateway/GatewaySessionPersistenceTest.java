package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.Http;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPRoute rule's {@code sessionPersistence} served standalone through the real proxy to a Service with two
 * endpoints, as the conformance suite's HTTPRouteSessionPersistence checks it: the answer names the session in a cookie,
 * and the requests that carry it stay on one endpoint, while those without it are balanced.
 */
class GatewaySessionPersistenceTest {

    @TempDir
    Path directory;

    @Test
    void requestsWithTheSessionCookieStayOnTheirEndpointAndAPermanentCookieLivesForTheAbsoluteTimeout() {
        try (RoutingWorld world = RoutingWorld.start(directory, Map.of("sticky", 2, "lasting", 2), GatewayWorld.BASE + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: session}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /sticky}}]
                    sessionPersistence: {sessionName: session-a}
                    backendRefs: [{name: sticky, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /lasting}}]
                    sessionPersistence: {absoluteTimeout: 1h, cookieConfig: {lifetimeType: Permanent}}
                    backendRefs: [{name: lasting, port: 8080}]
                """, TranslatorSettings.defaults())) {
            Http http = world.http();
            HttpResponse<String> first = http.get("session.example.com", "/sticky");
            String cookie = first.headers().firstValue("set-cookie").orElseThrow();
            assertThat(cookie).startsWith("session-a=").doesNotContainIgnoringCase("max-age");
            String session = cookie.substring(0, cookie.indexOf(';'));

            Set<String> withSession = new HashSet<>();
            IntStream.range(0, 6).forEach(i -> withSession.add(Http.answeredBy(http.send(http.request("session.example.com", "/sticky")
                    .header("Cookie", session).build()))));
            Set<String> withoutSession = new HashSet<>();
            IntStream.range(0, 6).forEach(i -> withoutSession.add(Http.answeredBy(http.get("session.example.com", "/sticky"))));

            assertThat(withSession).containsExactly(Http.answeredBy(first));
            assertThat(withoutSession).containsExactlyInAnyOrder("sticky-1", "sticky-2");
            assertThat(http.get("session.example.com", "/lasting").headers().firstValue("set-cookie").orElseThrow())
                    .startsWith("gatehouse-session=").containsIgnoringCase("max-age=3600");
        }
    }
}
