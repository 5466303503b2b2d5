package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.H2cUpstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Service port with {@code appProtocol: kubernetes.io/h2c} is spoken to over HTTP/2, trailers and all. */
class Http2ThroughManifestsTest {

    @TempDir
    Path directory;

    @Test
    void an_h2c_client_reaches_an_h2c_service_port_through_the_manifests() throws IOException {
        try (H2cUpstream upstream = new H2cUpstream("grpc-like")) {
            Files.writeString(directory.resolve("h2c.yaml"), """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: api}
                    spec:
                      ports:
                      - {name: grpc, port: 50051, appProtocol: kubernetes.io/h2c}
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata:
                      name: api-1
                      labels: {kubernetes.io/service-name: api}
                    addressType: IPv4
                    ports:
                    - {name: grpc, port: %d}
                    endpoints:
                    - addresses: ["127.0.0.1"]
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    metadata: {name: api}
                    spec:
                      ingressClassName: gatehouse
                      rules:
                      - host: api.example
                        http:
                          paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: api, port: {name: grpc}}}}
                    """.formatted(upstream.port()));
            try (Gatehouse gatehouse = StandaloneGatehouse.serving(directory,
                    ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0).build(),
                    TranslatorSettings.defaults()).debounce(Duration.ofMillis(50), Duration.ofMillis(500)).start();
                 H2cClient client = new H2cClient(gatehouse.proxy().httpAddress().getPort())) {

                H2cClient.Response response = client.get("api.example", "/test.Echo/Say");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).contains("upstream: grpc-like").contains("uri: /test.Echo/Say");
                assertThat(response.trailers()).containsEntry("x-upstream-trailer", "done");
            }
        }
    }
}
