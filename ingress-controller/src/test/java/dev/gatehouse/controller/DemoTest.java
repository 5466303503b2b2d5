package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.GatehouseProcess;
import dev.gatehouse.proxy.testing.Http;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What README's first command starts: the demo, run as a newcomer runs it (free ports for the proxy). */
class DemoTest {

    @TempDir
    Path directory;

    @Test
    void the_demo_serves_the_example_manifests_against_its_two_echo_replicas() {
        Path examples = Path.of("..", "manifests", "examples").toAbsolutePath().normalize();
        try (GatehouseProcess demo = GatehouseProcess.start(directory, List.of("-Xmx128m"),
                "demo", "--manifests", examples.toString(), "--http-port", "0", "--https-port", "0", "--admin-port", "0")) {
            demo.awaitOutput("Stop with Ctrl-C", Duration.ofSeconds(30));
            int port = Integer.parseInt(demo.awaitOutput("proxy: +http://127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(1)));
            int admin = Integer.parseInt(demo.awaitOutput("admin: http://127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(1)));
            int https = Integer.parseInt(demo.awaitOutput("https: https://127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(1)));
            Http http = new Http(port);

            HttpResponse<String> first = http.get("web.example.com", "/index.html");
            HttpResponse<String> second = http.get("web.example.com", "/cgi-bin/action");
            HttpResponse<String> other = http.get("other.example.com", "/");

            assertThat(first.body()).startsWith("Hello from webserver-").contains("GET /index.html");
            assertThat(second.body()).startsWith("Hello from webserver-").contains("GET /cgi-bin/action");
            assertThat(first.headers().firstValue("X-Served-By")).isNotEqualTo(second.headers().firstValue("X-Served-By"));
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.body()).contains("Host: other.example.com");
            assertThat(demo.output()).contains("curl -H 'Host: web.example.com' http://127.0.0.1:" + port + "/index.html");
            assertThat(new Http(admin).get(null, "/routes").body()).contains("\"host\" : \"web.example.com\"");
            String dashboard = demo.awaitOutput("dashboard: (http://127\\.0\\.0\\.1:\\d+/)", Duration.ofSeconds(1));
            assertThat(dashboard).isEqualTo("http://127.0.0.1:" + admin + "/");
            assertThat(new Http(admin).get(null, "/dashboard/").body()).contains("<title>Gatehouse</title>");
            assertThat(demo.output()).contains("https://web.example.com:" + https + "/");
            assertThat(demo.output()).contains("curl -H 'Host: gateway.example.com' http://127.0.0.1:" + port + "/");
            assertThat(demo.logLines()).as("the log, in JSON (--log-format json)")
                    .anyMatch(line -> line.contains("\"level\":\"INFO\"") && line.contains("\"message\":\"serving HTTP on"));
        }
    }

    @Test
    void the_demo_serves_its_gateway_api_example_beside_the_ingress() {
        Path examples = Path.of("..", "manifests", "examples").toAbsolutePath().normalize();
        try (GatehouseProcess demo = GatehouseProcess.start(directory, List.of("-Xmx128m"),
                "demo", "--manifests", examples.toString(), "--http-port", "0", "--https-port", "0", "--admin-port", "0")) {
            demo.awaitOutput("Stop with Ctrl-C", Duration.ofSeconds(30));
            Http http = new Http(Integer.parseInt(demo.awaitOutput("proxy: +http://127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(1))));

            HttpResponse<String> routed = http.get("gateway.example.com", "/index.html");
            HttpResponse<String> redirected = http.send(http.request("gateway.example.com", "/index.html").header("X-Site", "old").build());

            assertThat(routed.statusCode()).isEqualTo(200);
            assertThat(routed.body()).startsWith("Hello from webserver-").containsIgnoringCase("X-Route: gateway-api");
            assertThat(redirected.statusCode()).isEqualTo(302);
            assertThat(redirected.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).startsWith("http://web.example.com"));
        }
    }
}
