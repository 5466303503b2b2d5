package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPRoute rule's {@code retry} served standalone through the real proxy, to a backend with one endpoint that
 * fails the first requests it sees: the rule's codes and attempts decide whether the client sees the failure.
 */
class GatewayRetryTest {

    @TempDir
    Path directory;

    @Test
    void aRuleRetriesItsCodesOnTheSameEndpointWithinItsAttemptsAndRelaysOtherStatuses() throws IOException {
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger(2);
        AtomicInteger status = new AtomicInteger(503);
        try (TestUpstream flaky = TestUpstream.start("flaky", exchange -> {
            seen.incrementAndGet();
            int answer = failures.getAndDecrement() > 0 ? status.get() : 200;
            byte[] body = ("answered " + answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }); Gatehouse gatehouse = serve(flaky.port(), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: retry}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /twice}}]
                    retry: {codes: [500, 503], attempts: 2, backoff: 10ms}
                    backendRefs: [{name: flaky, port: 8080}]
                  - matches: [{path: {type: PathPrefix, value: /once}}]
                    retry: {codes: [503], attempts: 1}
                    backendRefs: [{name: flaky, port: 8080}]
                """)) {
            Http http = new Http(gatehouse.proxy().httpAddress().getPort());

            HttpResponse<String> twice = http.get("retry.example.com", "/twice");
            assertThat(twice.statusCode()).isEqualTo(200);
            assertThat(seen).hasValue(3);

            seen.set(0);
            failures.set(2);
            HttpResponse<String> once = http.get("retry.example.com", "/once");
            assertThat(once.statusCode()).isEqualTo(503);
            assertThat(seen).hasValue(2);

            seen.set(0);
            failures.set(1);
            status.set(502);
            HttpResponse<String> notListed = http.get("retry.example.com", "/once");
            assertThat(notListed.statusCode()).isEqualTo(502);
            assertThat(seen).hasValue(1);
        }
    }

    private Gatehouse serve(int port, String routes) throws IOException {
        Files.writeString(directory.resolve("retry.yaml"), GatewayWorld.BASE + """
                apiVersion: v1
                kind: Service
                metadata: {name: flaky}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: flaky
                  labels: {kubernetes.io/service-name: flaky}
                addressType: IPv4
                ports: [{name: http, port: %d}]
                endpoints: [{addresses: ["127.0.0.1"]}]
                ---
                """.formatted(port) + routes);
        return StandaloneGatehouse.serving(directory, ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0).build(),
                TranslatorSettings.defaults()).debounce(Duration.ofMillis(50), Duration.ofMillis(500)).start();
    }
}
