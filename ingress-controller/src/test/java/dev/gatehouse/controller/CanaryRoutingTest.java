package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Http;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canary Ingresses through real requests: Gatehouse standalone, the deployments web and web-canary as upstreams. */
class CanaryRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;

    @BeforeAll
    static void start() {
        world = RoutingWorld.start(directory, Map.of("web", 1, "web-canary", 1), String.join("---\n",
                pair("weighted", "nginx.ingress.kubernetes.io/canary-weight: \"20\""),
                pair("ordered", "nginx.ingress.kubernetes.io/canary-weight: \"100\"",
                        "nginx.ingress.kubernetes.io/canary-by-header: \"X-Canary\"",
                        "nginx.ingress.kubernetes.io/canary-by-cookie: \"canary\""),
                pair("valued", "nginx.ingress.kubernetes.io/canary-by-header: \"X-Group\"",
                        "nginx.ingress.kubernetes.io/canary-by-header-value: \"beta\""),
                pair("patterned", "nginx.ingress.kubernetes.io/canary-by-header: \"X-Group\"",
                        "nginx.ingress.kubernetes.io/canary-by-header-pattern: \"^(beta|internal)$\"")));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void the_canary_takes_its_weight_of_10000_requests() {
        // one keep-alive connection; 20% +- 2.5% is more than six standard deviations of 10,000 draws
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(world.answeredBy("weighted.example", "/"), 1, Integer::sum);
        }

        assertThat(counts.keySet()).containsOnly("web", "web-canary");
        assertThat(counts.get("web-canary") / 10_000.0).isCloseTo(0.20, within(0.025));
    }

    @Test
    void the_header_decides_before_the_cookie_and_the_cookie_before_the_weight() {
        assertThat(answeredBy("ordered.example", null, null)).isEqualTo("web-canary");
        assertThat(answeredBy("ordered.example", null, "canary=never")).isEqualTo("web");
        assertThat(answeredBy("ordered.example", "always", "canary=never")).isEqualTo("web-canary");
        assertThat(answeredBy("ordered.example", "never", "canary=always")).isEqualTo("web");
        assertThat(answeredBy("ordered.example", "other", "canary=never")).isEqualTo("web");
    }

    @Test
    void never_keeps_requests_off_the_canary_whatever_the_weight() {
        for (int i = 0; i < 50; i++) {
            assertThat(answeredBy("ordered.example", "never", null)).isEqualTo("web");
        }
    }

    @Test
    void a_header_value_or_pattern_selects_the_canary_and_other_values_stay_on_the_main_backend() {
        assertThat(answeredBy("valued.example", "beta", null, "X-Group")).isEqualTo("web-canary");
        assertThat(answeredBy("valued.example", "always", null, "X-Group")).isEqualTo("web");
        assertThat(answeredBy("patterned.example", "internal", null, "X-Group")).isEqualTo("web-canary");
        assertThat(answeredBy("patterned.example", "internal-2", null, "X-Group")).isEqualTo("web");
        assertThat(answeredBy("patterned.example", null, null, "X-Group")).isEqualTo("web");
    }

    @Test
    void the_routes_view_shows_each_routes_canary_and_its_weight() {
        String routes = Admin.get(world.gatehouse().proxy().adminAddress().getPort(), "/routes").body();

        assertThat(routes).contains("\"canary\" : \"default/web-canary:8080\"").contains("\"canaryWeight\" : \"20/100\"");
    }

    private static String answeredBy(String host, String header, String cookie) {
        return answeredBy(host, header, cookie, "X-Canary");
    }

    private static String answeredBy(String host, String header, String cookie, String headerName) {
        var request = world.http().request(host, "/");
        if (header != null) {
            request.header(headerName, header);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return Http.answeredBy(world.http().send(request.GET().build()));
    }

    /** The main Ingress NAME to web and its canary NAME-canary to web-canary, for NAME.example / (Prefix). */
    private static String pair(String name, String... canaryAnnotations) {
        return ingress(name, "gatehouse.dev/ttl: \"60\"", "web") + "---\n"
                + ingress(name + "-canary", "nginx.ingress.kubernetes.io/canary: \"true\"\n    "
                + String.join("\n    ", canaryAnnotations), "web-canary").replace("host: " + name + "-canary.example",
                "host: " + name + ".example");
    }

    private static String ingress(String name, String annotations, String service) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %1$s
                  annotations:
                    %2$s
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: %1$s.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: %3$s, port: {number: 8080}}}}
                """.formatted(name, annotations, service);
    }
}
