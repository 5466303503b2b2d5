package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.RequestFilters;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminPortTest {

    @Test
    void healthz_answers_as_soon_as_the_process_runs_and_readyz_once_a_snapshot_is_live() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            Http admin = new Http(fixture.proxy.adminAddress().getPort());

            assertThat(admin.get(null, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = admin.get(null, "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("not ready: no routing snapshot has been applied yet\n");

            fixture.proxy.apply(new Snapshots().build(1));

            assertThat(admin.get(null, "/readyz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_view_the_controller_adds_is_served_as_plain_text_as_it_is_at_each_request() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            java.util.concurrent.atomic.AtomicReference<String> map = new java.util.concurrent.atomic.AtomicReference<>("");
            fixture.proxy.serveAdminText("/_haproxy_getvhostmap", map::get);
            Http admin = new Http(fixture.proxy.adminAddress().getPort());

            assertThat(admin.get(null, "/_haproxy_getvhostmap").body()).isEmpty();
            map.set("web.example.com web_10000\n");
            HttpResponse<String> view = admin.get(null, "/_haproxy_getvhostmap");

            assertThat(view.statusCode()).isEqualTo(200);
            assertThat(view.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(view.body()).isEqualTo("web.example.com web_10000\n");
            assertThat(admin.get(null, "/_haproxy_getappmap").statusCode()).isEqualTo(404);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.proxy.serveAdminText("/_haproxy_getvhostmap", map::get))
                    .hasMessage("admin view /_haproxy_getvhostmap is already served (expected one view per path)");
        }
    }

    @Test
    void metrics_count_requests_by_virtual_host_route_and_status_class() {
        try (TestUpstream web = TestUpstream.start("web"); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("web.example", "/", "web", web.port()).build(7));
            Http admin = new Http(fixture.proxy.adminAddress().getPort());
            fixture.http.get("web.example", "/");
            fixture.http.get("web.example", "/again");
            fixture.http.get("nowhere.example", "/");

            String metrics = admin.get(null, "/metrics").body();

            assertThat(metrics)
                    .contains("gatehouse_http_requests_total{route=\"test/web:/\",status_class=\"2xx\",virtual_host=\"web.example\"} 2")
                    .contains("gatehouse_http_requests_total{route=\"default-backend\",status_class=\"4xx\",virtual_host=\"*\"} 1")
                    .contains("gatehouse_upstream_response_seconds_count{cluster=\"test/web:80\"} 2")
                    .contains("gatehouse_snapshot_version 7")
                    .contains("gatehouse_downstream_connections_active")
                    .contains("gatehouse_snapshot_applied_timestamp_seconds");
        }
    }

    @Test
    void routes_shows_the_live_snapshot_in_precedence_order() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .route("web.example", "/", "web", 8081)
                    .route("web.example", "/api", "api", 8082, 8083)
                    .build(3));

            HttpResponse<String> routes = new Http(fixture.proxy.adminAddress().getPort()).get(null, "/routes");

            assertThat(routes.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(routes.body())
                    .contains("\"version\" : 3")
                    .contains("\"host\" : \"web.example\"")
                    .contains("\"name\" : \"test/api:80\"")
                    .contains("\"address\" : \"127.0.0.1:8083\"")
                    .contains("\"health\" : \"healthy\"")
                    .contains("\"loadBalancing\" : \"round-robin\"");
            assertThat(routes.body().indexOf("\"path\" : \"/api\"")).isLessThan(routes.body().indexOf("\"path\" : \"/\""));
        }
    }

    @Test
    void routes_shows_what_each_route_checks_and_changes_but_no_header_value_or_password_hash() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RequestFilters filters = new RequestFilters(List.of("10.0.0.0/8"), new BasicAuth("Staff only",
                    Map.of("bob", "{SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=", "alice", "{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=")), null, "internal.example",
                    null, List.of("10.9.0.0/16"), Map.of("x-api-key", "hunter2"));
            fixture.proxy.apply(new Snapshots()
                    .filtered("web.example", "/admin", "admin", filters, 8081)
                    .route("web.example", "/", "web", 8082)
                    .build(4));

            String routes = new Http(fixture.proxy.adminAddress().getPort()).get(null, "/routes").body().replaceAll("\\s+", " ");

            assertThat(routes)
                    .contains("\"forward\" : \"test/admin:80\", \"filters\" : { \"allowedSources\" : [ \"10.0.0.0/8\" ], "
                            + "\"deniedSources\" : [ \"10.9.0.0/16\" ], \"basicAuth\" : { \"realm\" : \"Staff only\", "
                            + "\"users\" : [ \"alice\", \"bob\" ] }, \"upstreamHost\" : \"internal.example\", "
                            + "\"requestHeaders\" : [ \"x-api-key\" ] }")
                    .contains("\"forward\" : \"test/web:80\" }")
                    .doesNotContain("hunter2", "{SHA}");
        }
    }

    @Test
    void an_unknown_admin_path_names_the_known_ones() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            HttpResponse<String> response = new Http(fixture.proxy.adminAddress().getPort()).get(null, "/nope");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("unknown admin path /nope (expected /dashboard/, /api/v1/..., /healthz, /readyz, "
                    + "/metrics or /routes)\n");
        }
    }
}
