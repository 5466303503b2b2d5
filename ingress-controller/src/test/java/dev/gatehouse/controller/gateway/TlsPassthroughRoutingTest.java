package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.gateway.GatewaySettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.TlsClient;
import dev.gatehouse.proxy.testing.TlsUpstream;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS passthrough end to end, standalone ({@code gatehouse run --manifests}): TLSRoutes on a Gateway's TLS listeners (one
 * on the HTTPS port, one on a port of its own) and an Ingress annotated {@code ssl-passthrough}, in front of an upstream
 * that terminates TLS itself. The conformance suite's {@code tlsroute-simple-same-namespace} in spirit: the client sees
 * the upstream's certificate, and the upstream the server name the client sent.
 */
class TlsPassthroughRoutingTest {

    private static final Issued CA = TestCertificates.ca("Upstream CA");
    private static final Issued UPSTREAM = TestCertificates.issue(CA, KeyType.EC, "db.example.com", "api.example.com",
            "shop.example.com");

    @TempDir
    Path directory;

    @Test
    void tlsRoutesAndAnAnnotatedIngressReachTheUpstreamUndecryptedWhileOtherNamesAreTerminatedOrRefused() throws IOException {
        int https = freePort();
        int own = freePort();
        try (TlsUpstream upstream = TlsUpstream.start(UPSTREAM.keys().getPrivate(), UPSTREAM.certificate(), CA.certificate())) {
            Files.writeString(directory.resolve("objects.yaml"), manifests(https, own, upstream.port()));
            Gatehouse gatehouse = StandaloneGatehouse.serving(directory,
                    ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(https).adminPort(0).eventLoopThreads(2).build(),
                    TranslatorSettings.defaults().withGateway(new GatewaySettings(GatewaySettings.DEFAULT_CONTROLLER_NAME, 8080, https)))
                    .debounce(Duration.ofMillis(50), Duration.ofMillis(500)).start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.proxy().snapshot().tlsPassthrough().size() == 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> gatehouse.proxy().tcpAddress(own) != null);

                assertThat(throughTo(own, "db.example.com")).isEqualTo("upstream saw sni=db.example.com");
                assertThat(throughTo(https, "api.example.com")).isEqualTo("upstream saw sni=api.example.com");
                assertThat(throughTo(https, "shop.example.com")).isEqualTo("upstream saw sni=shop.example.com");
                assertThat(TlsClient.served(https, "www.example.com").getSubjectX500Principal().getName())
                        .isEqualTo("CN=Gatehouse Default Certificate");
                assertThatThrownBy(() -> TlsClient.connect(own, "api.example.com").close()).isInstanceOf(SSLException.class);
            } finally {
                gatehouse.close();
            }
        }
    }

    /** The answer of the upstream to a request sent through a handshake that presented the upstream's own certificate. */
    private static String throughTo(int port, String serverName) throws IOException {
        try (SSLSocket socket = TlsClient.connect(port, serverName)) {
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(UPSTREAM.certificate());
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + serverName + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String manifests(int https, int own, int upstreamPort) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gatehouse}
                spec: {controllerName: gatehouse.dev/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: edge, namespace: default}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: shared, port: %1$d, protocol: TLS, tls: {mode: Passthrough}}
                  - {name: own, port: %2$d, protocol: TLS, hostname: "*.example.com", tls: {mode: Passthrough}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: db, namespace: default}
                spec:
                  parentRefs: [{name: edge, sectionName: own}]
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: db, port: 443}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: api, namespace: default}
                spec:
                  parentRefs: [{name: edge, sectionName: shared}]
                  hostnames: [api.example.com]
                  rules: [{backendRefs: [{name: db, port: 443}]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: shop
                  namespace: default
                  annotations: {nginx.ingress.kubernetes.io/ssl-passthrough: "true"}
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: shop.example.com
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: db, port: {number: 443}}}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: default}
                spec:
                  ports: [{name: https, port: 443}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: db-1
                  namespace: default
                  labels: {kubernetes.io/service-name: db}
                addressType: IPv4
                ports: [{name: https, port: %3$d}]
                endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
                """.formatted(https, own, upstreamPort);
    }
}
