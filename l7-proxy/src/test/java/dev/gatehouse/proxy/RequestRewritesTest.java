package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.H2cUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.LocationRewrite;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.UpstreamProtocol;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rewrites of a forwarding route: the path and Host on the way up, the Location on the way back. */
class RequestRewritesTest {

    private static TestUpstream echo;
    private static TestUpstream redirecting;
    private static H2cUpstream h2c;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        echo = TestUpstream.start("echo");
        // answers 302 with the Location the test asks for in X-Location
        redirecting = TestUpstream.start("redirecting", exchange -> {
            exchange.getResponseHeaders().set("Location", exchange.getRequestHeaders().getFirst("X-Location"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        h2c = new H2cUpstream("h2c");
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .filtered("web.example", "/api", "api", filters(new PathRewrite("/api", "/"), null, null), echo.port())
                .filtered("web.example", "/shop", "shop", filters(new PathRewrite("/shop", "/v2/store"), null, null), echo.port())
                .filtered("web.example", "/backend", "backend", filters(null, "backend.internal", null), echo.port())
                .filtered("grpc.example", "/", "h2c", filters(null, "h2c.internal", null), h2c.port())
                .policy("h2c", ClusterPolicy.DEFAULT.withProtocol(UpstreamProtocol.H2C))
                .filtered("app.example", "/app", "redirecting",
                        filters(new PathRewrite("/app", "/"), null, new LocationRewrite("backend.internal", "/app")), redirecting.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        echo.close();
        redirecting.close();
        h2c.close();
    }

    @Test
    void the_matched_prefix_is_replaced_and_the_query_kept() {
        assertThat(upstreamUri("/api/users?x=1&y=%20")).isEqualTo("/users?x=1&y=%20");
        assertThat(upstreamUri("/api/users/7")).isEqualTo("/users/7");
        assertThat(upstreamUri("/shop/cart?id=3")).isEqualTo("/v2/store/cart?id=3");
    }

    @Test
    void the_exact_prefix_becomes_the_replacement() {
        assertThat(upstreamUri("/api")).isEqualTo("/");
        assertThat(upstreamUri("/api?page=2")).isEqualTo("/?page=2");
        assertThat(upstreamUri("/shop")).isEqualTo("/v2/store");
    }

    @Test
    void the_upstream_gets_the_route_host_and_x_forwarded_host_keeps_the_client_one() {
        Map<String, String> seen = Echo.parse(fixture.http.get("web.example", "/backend/x").body());

        assertThat(seen).containsEntry("uri", "/backend/x")
                .containsEntry("header.host", "backend.internal")
                .containsEntry("header.x-forwarded-host", "web.example");
    }

    @Test
    void an_h2c_upstream_gets_the_route_host_as_its_authority() {
        HttpResponse<String> response = fixture.http.get("grpc.example", "/svc");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(h2c.requests()).last().asString().contains("host: h2c.internal\n").contains("x-forwarded-host: grpc.example\n");
    }

    @Test
    void a_location_path_goes_back_under_the_prefix() {
        assertThat(locationFor("/login?next=%2Fhome")).isEqualTo("/app/login?next=%2Fhome");
    }

    @Test
    void an_absolute_location_on_the_upstream_host_goes_back_as_a_path_under_the_prefix_with_or_without_port() {
        assertThat(locationFor("http://backend.internal/done")).isEqualTo("/app/done");
        assertThat(locationFor("https://backend.internal:8443/done?ok=1")).isEqualTo("/app/done?ok=1");
    }

    @Test
    void a_location_on_another_host_is_left_alone() {
        assertThat(locationFor("https://login.example.com/sso?back=1")).isEqualTo("https://login.example.com/sso?back=1");
    }

    private static String upstreamUri(String path) {
        HttpResponse<String> response = fixture.http.get("web.example", path);
        assertThat(response.statusCode()).as("status of " + path).isEqualTo(200);
        return Echo.parse(response.body()).get("uri");
    }

    private static String locationFor(String upstreamLocation) {
        HttpResponse<String> response = fixture.http.send(fixture.http.request("app.example", "/app/start")
                .header("X-Location", upstreamLocation).GET().build());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(redirecting.requests()).last().extracting(seen -> seen.get("uri")).isEqualTo("/start");
        return response.headers().firstValue("location").orElseThrow();
    }

    private static RequestFilters filters(PathRewrite path, String host, LocationRewrite location) {
        return new RequestFilters(List.of(), null, path, host, location);
    }
}
