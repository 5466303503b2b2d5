package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.Http;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global ConfigMap through real requests, standalone: its defaults, below annotations, changed live. */
class GlobalConfigRoutingTest {

    @TempDir
    Path directory;
    RoutingWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void the_configmaps_body_limit_applies_where_no_annotation_sets_one_and_a_change_of_it_is_live() throws IOException {
        Files.writeString(directory.resolve("config.yaml"), config("proxy-body-size: \"1k\""));
        world = RoutingWorld.start(directory, Map.of("web", 1), annotatedIngress("plain", "plain.example", "web", 8080, "")
                + "---\n" + annotatedIngress("roomy", "roomy.example", "web", 8080, "nginx.ingress.kubernetes.io/proxy-body-size: 8k"), settings());

        assertThat(post("plain.example", 2048).statusCode()).isEqualTo(413);
        assertThat(Http.answeredBy(post("roomy.example", 2048))).isEqualTo("web");

        Files.writeString(directory.resolve("config.yaml"), config("proxy-body-size: \"4k\""));

        await().atMost(Duration.ofSeconds(10)).until(() -> post("plain.example", 2048).statusCode() == 200);
        assertThat(post("plain.example", 5000).statusCode()).isEqualTo(413);
    }

    @Test
    void use_forwarded_headers_turned_on_live_makes_the_forwarded_client_address_the_one_access_lists_see() throws IOException {
        Files.writeString(directory.resolve("config.yaml"), config("whitelist-source-range: \"198.51.100.0/24\""));
        world = RoutingWorld.start(directory, Map.of("web", 1), annotatedIngress("cdn", "cdn.example", "web", 8080, ""), settings());

        assertThat(forwarded("198.51.100.20").statusCode()).isEqualTo(403);

        Files.writeString(directory.resolve("config.yaml"), config("whitelist-source-range: \"198.51.100.0/24\"\n"
                + "  use-forwarded-headers: \"true\"\n  proxy-real-ip-cidr: \"127.0.0.1, ::1\""));

        await().atMost(Duration.ofSeconds(10)).until(() -> forwarded("198.51.100.20").statusCode() == 200);
        assertThat(Echo.parse(forwarded("198.51.100.20").body())).containsEntry("header.x-real-ip", "198.51.100.20");
        assertThat(forwarded("203.0.113.9").statusCode()).isEqualTo(403);
    }

    @Test
    void allow_and_deny_lists_judge_the_client_address_of_a_proxy_protocol_header_turned_on_by_the_configmap() throws IOException {
        Files.writeString(directory.resolve("config.yaml"), config("use-proxy-protocol: \"true\""));
        world = RoutingWorld.start(directory, Map.of("web", 1), annotatedIngress("nlb", "nlb.example", "web", 8080,
                "nginx.ingress.kubernetes.io/allowlist-source-range: \"198.51.100.0/24\"\n"
                        + "nginx.ingress.kubernetes.io/denylist-source-range: \"198.51.100.66\""), settings());

        await().atMost(Duration.ofSeconds(10)).until(() -> throughProxyProtocol("198.51.100.9").startsWith("HTTP/1.1 200"));
        assertThat(throughProxyProtocol("198.51.100.66")).startsWith("HTTP/1.1 403");
        assertThat(throughProxyProtocol("203.0.113.9")).startsWith("HTTP/1.1 403");
    }

    /** One request on a fresh connection that starts with a PROXY v1 header naming {@code client}. */
    private String throughProxyProtocol(String client) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), world.gatehouse().proxy().httpAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PROXY TCP4 " + client + " 10.0.0.5 40000 80\r\nGET / HTTP/1.1\r\nHost: nlb.example\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private HttpResponse<String> post(String host, int bytes) {
        return world.http().send(world.http().request(host, "/upload").POST(HttpRequest.BodyPublishers.ofString("x".repeat(bytes))).build());
    }

    /** On a fresh connection each time: forwarded headers are believed per connection, as its peer is checked then. */
    private HttpResponse<String> forwarded(String client) {
        Http fresh = new Http(world.gatehouse().proxy().httpAddress().getPort());
        return fresh.send(fresh.request("cdn.example", "/").header("X-Forwarded-For", client).GET().build());
    }

    private static TranslatorSettings settings() {
        return TranslatorSettings.defaults().withConfig("default/gatehouse-config");
    }

    private static String config(String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: gatehouse-config
                data:
                  %s
                """.formatted(data);
    }
}
