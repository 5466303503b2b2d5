package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.RequestFilters;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DashboardApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HealthCheck FAST_CHECK = new HealthCheck("/healthz", Duration.ofMillis(50), Duration.ofMillis(500), 1, 1);

    @Test
    void theRootRedirectsToTheDashboardWhichTheJarServesUnderAPolicyAllowingNoOtherHost() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            Http admin = new Http(fixture.proxy.adminAddress().getPort());

            HttpResponse<String> root = admin.get(null, "/");
            HttpResponse<String> page = admin.get(null, "/dashboard/");
            HttpResponse<String> script = admin.get(null, "/dashboard/dashboard.js");

            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("location")).hasValue("/dashboard/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("content-security-policy")).hasValue("default-src 'self'; frame-ancestors 'none'");
            assertThat(page.body()).contains("<script src=\"dashboard.js\"></script>").doesNotContain("http://", "https://");
            assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
            assertThat(admin.get(null, "/dashboard/../routes").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void hostsShowEachRoutesRequestRateAndLatencyOverTheLastMinute() {
        try (TestUpstream web = TestUpstream.start("web"); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("web.example", "/", "web", web.port())
                    .route("web.example", "/api", "api", web.port()).build(5));
            for (int i = 0; i < 6; i++) {
                fixture.http.get("web.example", "/");
            }

            JsonNode hosts = get(fixture, "/api/v1/hosts");

            JsonNode routes = hosts.get("virtualHosts").get(0).get("routes");
            assertThat(hosts.get("version").asLong()).isEqualTo(5);
            assertThat(routes.get(0).get("path").asString()).isEqualTo("/api");
            assertThat(routes.get(0).get("lastMinute").get("requestsPerSecond").asDouble()).isZero();
            assertThat(routes.get(0).get("lastMinute").get("p50Millis").isNull()).isTrue();
            assertThat(routes.get(1).get("forward").asString()).isEqualTo("test/web:80");
            assertThat(routes.get(1).get("lastMinute").get("requestsPerSecond").asDouble()).isPositive();
            assertThat(routes.get(1).get("lastMinute").get("p99Millis").asDouble()).isPositive();
        }
    }

    @Test
    void theOverviewSumsTheLastMinuteAndNamesTheSnapshotAndListeners() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("web.example", "/", "web", 8081).build(9));
            fixture.http.get("nowhere.example", "/");

            JsonNode overview = get(fixture, "/api/v1/overview");

            assertThat(overview.get("snapshot").get("version").asLong()).isEqualTo(9);
            assertThat(overview.get("snapshot").get("appliedAt").asString()).isNotBlank();
            assertThat(overview.get("ready").asBoolean()).isTrue();
            assertThat(overview.get("traffic").get("clientErrorsPerSecond").asDouble()).isPositive();
            assertThat(overview.get("traffic").get("serverErrorsPerSecond").asDouble()).isZero();
            assertThat(overview.get("listeners").findValuesAsString("name")).containsExactly("http", "admin");
            assertThat(overview.get("counts").get("routes").asInt()).isEqualTo(1);
        }
    }

    @Test
    void clustersShowAFailingEndpointWithItsLastCheckAndPanicWhenNoneIsLeft() throws IOException {
        int dead;
        try (ServerSocket closed = new ServerSocket(0)) {
            dead = closed.getLocalPort();
        }
        try (TestUpstream web = TestUpstream.start("web"); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .route("live.example", "/", "live", web.port())
                    .route("dead.example", "/", "dead", dead)
                    .policy("live", ClusterPolicy.DEFAULT.withHealthCheck(FAST_CHECK))
                    .policy("dead", ClusterPolicy.DEFAULT.withHealthCheck(FAST_CHECK)).build(2));

            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint(get(fixture, "/api/v1/clusters"), "test/dead:80")
                    .get("state").asString().equals("unhealthy"));
            JsonNode clusters = get(fixture, "/api/v1/clusters");

            JsonNode failing = endpoint(clusters, "test/dead:80");
            assertThat(failing.get("lastCheck").get("passed").asBoolean()).isFalse();
            assertThat(failing.get("lastCheck").get("at").asString()).isNotBlank();
            assertThat(cluster(clusters, "test/dead:80").get("panic").asBoolean()).isTrue();
            JsonNode healthy = endpoint(clusters, "test/live:80");
            assertThat(healthy.get("state").asString()).isEqualTo("healthy");
            assertThat(healthy.get("weight").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint(get(fixture, "/api/v1/clusters"), "test/live:80")
                    .path("lastCheck").path("result").asString("").equals("status 200"));
            assertThat(cluster(clusters, "test/live:80").get("panic").asBoolean()).isFalse();
        }
    }

    @Test
    void theDashboardsViewsShowNoHeaderValueAndNoPasswordHash() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RequestFilters filters = new RequestFilters(List.of(), new BasicAuth("Staff only",
                    Map.of("bob", "{SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=")), null, null, null, List.of(), Map.of("x-api-key", "hunter2"));
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/admin", "admin", filters, 8081).build(4));
            Http admin = new Http(fixture.proxy.adminAddress().getPort());

            for (String path : new String[] {"/api/v1/overview", "/api/v1/hosts", "/api/v1/clusters"}) {
                assertThat(admin.get(null, path).body()).as(path).doesNotContain("hunter2", "{SHA}", "ohgYgF2");
            }
            assertThat(admin.get(null, "/api/v1/hosts").body()).contains("\"requestHeaders\":[\"x-api-key\"]", "\"users\":[\"bob\"]");
        }
    }

    @Test
    void aJsonViewTheControllerAddsIsServedAsJsonAsItIsAtEachRequest() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            java.util.concurrent.atomic.AtomicInteger problems = new java.util.concurrent.atomic.AtomicInteger();
            fixture.proxy.serveAdminJson("/api/v1/status", () -> Map.of("problems", problems.get()));
            Http admin = new Http(fixture.proxy.adminAddress().getPort());

            problems.set(3);
            HttpResponse<String> status = admin.get(null, "/api/v1/status");

            assertThat(status.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(status.body()).isEqualTo("{\"problems\":3}");
        }
    }

    @Test
    void aFieldTheControllerAddsToRoutesFollowsTheProxysOwnAsItIsAtEachRequestAndCannotReplaceOne() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            java.util.concurrent.atomic.AtomicInteger gateways = new java.util.concurrent.atomic.AtomicInteger();
            fixture.proxy.addToRoutes("gatewayApi", () -> Map.of("gateways", gateways.get()));

            gateways.set(2);
            JsonNode routes = get(fixture, "/routes");

            assertThat(routes.get("gatewayApi").get("gateways").asInt()).isEqualTo(2);
            assertThat(routes.propertyNames()).startsWith("version", "virtualHosts").endsWith("clusters", "gatewayApi");
            assertThatThrownBy(() -> fixture.proxy.addToRoutes("clusters", Map::of))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"clusters\" is already there");
        }
    }

    private static JsonNode get(ProxyFixture fixture, String path) {
        HttpResponse<String> response = new Http(fixture.proxy.adminAddress().getPort()).get(null, path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private static JsonNode cluster(JsonNode clusters, String name) {
        for (JsonNode cluster : clusters.get("clusters")) {
            if (cluster.get("name").asString().equals(name)) {
                return cluster;
            }
        }
        throw new AssertionError("no cluster " + name + " in " + clusters);
    }

    private static JsonNode endpoint(JsonNode clusters, String name) {
        return cluster(clusters, name).get("endpoints").get(0);
    }
}
