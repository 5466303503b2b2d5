package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingress-nginx's {@code satisfy} through real requests, Gatehouse standalone on a manifest directory: source lists,
 * basic auth and external auth, where one of them is enough with {@code any} and all are needed otherwise. The test
 * client is 127.0.0.1.
 */
class SatisfyRoutingTest {

    private static final String PASSWORD = "staff password";

    @TempDir
    static Path directory;
    static RoutingWorld world;
    static TestUpstream auth;

    @BeforeAll
    static void start() {
        auth = TestUpstream.start("auth", exchange -> {
            exchange.sendResponseHeaders("Bearer good".equals(exchange.getRequestHeaders().getFirst("X-Token")) ? 200 : 401, -1);
            exchange.close();
        });
        String basic = """
                nginx.ingress.kubernetes.io/auth-type: basic
                nginx.ingress.kubernetes.io/auth-secret: staff
                """;
        world = RoutingWorld.start(directory, Map.of("web", 1), String.join("---\n",
                """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: staff
                type: Opaque
                data:
                  auth: %s
                """.formatted(Base64.getEncoder().encodeToString(("ann:{SHA}" + Base64.getEncoder().encodeToString(
                        DigestUtils.sha1(PASSWORD)) + "\n").getBytes(StandardCharsets.UTF_8))),
                annotatedIngress("office", "office.example", "web", 8080, basic
                        + "nginx.ingress.kubernetes.io/allowlist-source-range: \"127.0.0.1/32\"\n"
                        + "nginx.ingress.kubernetes.io/satisfy: \"any\""),
                annotatedIngress("remote", "remote.example", "web", 8080, basic
                        + "nginx.ingress.kubernetes.io/allowlist-source-range: \"203.0.113.0/24\"\n"
                        + "nginx.ingress.kubernetes.io/satisfy: \"any\""),
                annotatedIngress("strict", "strict.example", "web", 8080, basic
                        + "nginx.ingress.kubernetes.io/allowlist-source-range: \"203.0.113.0/24\""),
                annotatedIngress("inside-strict", "inside-strict.example", "web", 8080, basic
                        + "nginx.ingress.kubernetes.io/allowlist-source-range: \"127.0.0.1/32\"\n"
                        + "nginx.ingress.kubernetes.io/satisfy: \"all\""),
                annotatedIngress("sso", "sso.example", "web", 8080,
                        "nginx.ingress.kubernetes.io/denylist-source-range: \"127.0.0.1\"\n"
                        + "nginx.ingress.kubernetes.io/auth-url: \"http://127.0.0.1:" + auth.port() + "/check\"\n"
                        + "nginx.ingress.kubernetes.io/satisfy: \"any\"")));
    }

    @AfterAll
    static void stop() {
        world.close();
        auth.close();
    }

    @Test
    void withAnyAnAllowedAddressIsServedWithoutCredentials() {
        assertThat(world.answeredBy("office.example", "/")).isEqualTo("web");
    }

    @Test
    void withAnyGoodCredentialsServeAnAddressTheAllowListRefusesWhichWithoutSatisfyTheyDoNot() {
        assertThat(Http.answeredBy(get("remote.example", "Authorization", basic(PASSWORD)))).isEqualTo("web");
        assertThat(get("strict.example", "Authorization", basic(PASSWORD)).statusCode()).isEqualTo(403);
    }

    @Test
    void withAnyAnAddressTheAllowListRefusesWithoutCredentialsIsChallengedWith401() {
        HttpResponse<String> response = world.get("remote.example", "/");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).isPresent();
    }

    @Test
    void withAllAnAllowedAddressStillNeedsCredentials() {
        assertThat(world.get("inside-strict.example", "/").statusCode()).isEqualTo(401);
        assertThat(Http.answeredBy(get("inside-strict.example", "Authorization", basic(PASSWORD)))).isEqualTo("web");
    }

    @Test
    void withAnyTheExternalAuthServiceServesAnAddressTheDenyListNames() {
        assertThat(Http.answeredBy(get("sso.example", "X-Token", "Bearer good"))).isEqualTo("web");
        assertThat(world.get("sso.example", "/").statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> get(String host, String header, String value) {
        return world.http().send(world.http().request(host, "/").header(header, value).GET().build());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("ann:" + password).getBytes(StandardCharsets.UTF_8));
    }
}
