package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.H2cUpstream;
import dev.gatehouse.proxy.testing.WebSocketEchoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite's HTTPRouteBackendProtocolH2C and HTTPRouteBackendProtocolWebSocket: a backend Service port's
 * {@code appProtocol} ({@code kubernetes.io/h2c}, {@code kubernetes.io/ws}) decides how the proxy speaks to it, an
 * h2c client's request reaching an HTTP/2-only server and a WebSocket echoing through an HTTPRoute.
 */
class GatewayBackendProtocolTest {

    @TempDir
    Path directory;

    @Test
    void httprouteBackendProtocolH2cReachesAnHttp2OnlyBackendWithItsTrailers() throws IOException {
        try (H2cUpstream upstream = new H2cUpstream("h2c-backend");
             Gatehouse gatehouse = serve(service("h2c-backend", "kubernetes.io/h2c", upstream.port()) + route("h2c-backend"));
             H2cClient client = new H2cClient(gatehouse.proxy().httpAddress().getPort())) {

            H2cClient.Response response = client.get("h2c.example.com", "/");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("upstream: h2c-backend");
            assertThat(response.trailers()).containsEntry("x-upstream-trailer", "done");
        }
    }

    @Test
    void httprouteBackendProtocolWebSocketEchoesThroughTheRoute() throws Exception {
        try (WebSocketEchoServer upstream = new WebSocketEchoServer();
             Gatehouse gatehouse = serve(service("ws-backend", "kubernetes.io/ws", upstream.port()) + route("ws-backend"))) {
            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + gatehouse.proxy().httpAddress().getPort() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);

            socket.sendText("through the gateway", true).get(5, TimeUnit.SECONDS);

            assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("echo: through the gateway");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    private Gatehouse serve(String manifests) throws IOException {
        Files.writeString(directory.resolve("backend.yaml"), GatewayWorld.BASE + manifests);
        return StandaloneGatehouse.serving(directory, ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0).build(),
                TranslatorSettings.defaults()).debounce(Duration.ofMillis(50), Duration.ofMillis(500)).start();
    }

    private static String route(String backend) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %1$s}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules: [{backendRefs: [{name: %1$s, port: 8080}]}]
                """.formatted(backend);
    }

    private static String service(String name, String appProtocol, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s}
                spec:
                  ports: [{name: app, port: 8080, appProtocol: %2$s}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s
                  labels: {kubernetes.io/service-name: %1$s}
                addressType: IPv4
                ports: [{name: app, port: %3$d}]
                endpoints: [{addresses: ["127.0.0.1"]}]
                ---
                """.formatted(name, appProtocol, port);
    }
}
