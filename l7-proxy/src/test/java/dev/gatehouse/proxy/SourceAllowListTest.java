package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A forwarding route's allowed sources, checked against the client address after PROXY protocol and trusted forwarded headers. */
class SourceAllowListTest {

    private static TestUpstream echo;

    @BeforeAll
    static void start() {
        echo = TestUpstream.start("echo");
    }

    @AfterAll
    static void stop() {
        echo.close();
    }

    @Test
    void a_client_in_the_deny_list_gets_403_even_when_the_allow_list_lets_it_in() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .filtered("denied.example", "/", "denied", new RequestFilters(List.of("127.0.0.0/8"), null, null, null, null,
                            List.of("127.0.0.1"), java.util.Map.of()), echo.port())
                    .filtered("other.example", "/", "other", new RequestFilters(List.of(), null, null, null, null,
                            List.of("10.0.0.0/8"), java.util.Map.of("x-forwarded-prefix", "/shop")), echo.port())
                    .build(1));

            assertThat(fixture.http.get("denied.example", "/").statusCode()).isEqualTo(403);
            HttpResponse<String> other = fixture.http.get("other.example", "/");
            assertThat(Http.answeredBy(other)).isEqualTo("echo");
            assertThat(other.body()).contains("header.x-forwarded-prefix: /shop");
        }
    }

    @Test
    void a_redirect_route_answers_with_its_status_and_location_without_an_upstream() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            Route moved = new Route("moved", PathMatch.prefix("/"), new RouteAction.Redirect(308, "https://new.example/"));
            fixture.proxy.apply(RoutingSnapshot.of(1, List.of(new VirtualHost(HostPattern.of("moved.example"), List.of(moved))),
                    List.of(), null));

            HttpResponse<String> answer = fixture.http.get("moved.example", "/old");

            assertThat(answer.statusCode()).isEqualTo(308);
            assertThat(answer.headers().firstValue("Location")).hasValue("https://new.example/");
        }
    }

    @Test
    void a_client_in_the_list_is_forwarded_and_one_outside_it_gets_403_without_reaching_the_upstream() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .filtered("open.example", "/", "open", allowing("10.0.0.0/8", "127.0.0.1"), echo.port())
                    .filtered("closed.example", "/", "closed", allowing("10.0.0.0/8", "2001:db8::/32"), echo.port())
                    .build(1));

            HttpResponse<String> allowed = fixture.http.get("open.example", "/in");
            HttpResponse<String> denied = fixture.http.send(fixture.http.request("closed.example", "/out")
                    .header("X-Probe", "<script>probe</script>").GET().build());

            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(Http.answeredBy(allowed)).isEqualTo("echo");
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(denied.body()).isEqualTo("403 Forbidden: the client address is not allowed on this route\n");
            assertThat(echo.requests()).noneSatisfy(seen -> assertThat(seen).containsEntry("header.host", "closed.example"));
        }
    }

    @Test
    void a_denied_request_is_counted_in_the_route_stats_and_the_connection_stays_open() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("closed.example", "/", "closed", allowing("10.0.0.0/8"), echo.port()).build(1));
            try (RawClient client = new RawClient(fixture.port())) {
                client.send("GET /a HTTP/1.1\r\nHost: closed.example\r\n\r\n");
                assertThat(client.readResponse()).startsWith("HTTP/1.1 403 Forbidden");
                client.send("GET /b HTTP/1.1\r\nHost: closed.example\r\n\r\n");
                assertThat(client.readResponse()).startsWith("HTTP/1.1 403 Forbidden");
            }

            Http admin = new Http(fixture.proxy.adminAddress().getPort());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(admin.get(null, "/metrics").body()).contains(
                    "gatehouse_http_requests_total{route=\"test/closed:/\",status_class=\"4xx\",virtual_host=\"closed.example\"} 2"));
        }
    }

    @Test
    void an_invalid_entry_that_got_into_the_model_refuses_every_client() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .filtered("broken.example", "/", "broken", allowing("127.0.0.1", "10.0.0.0/33"), echo.port()).build(1));

            assertThat(fixture.http.get("broken.example", "/").statusCode()).isEqualTo(403);
            assertThat(fixture.http.get("broken.example", "/again").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void the_forwarded_for_header_of_a_trusted_proxy_gives_the_client_address() {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().trustedProxies(List.of("127.0.0.0/8")))) {
            fixture.proxy.apply(new Snapshots().filtered("cdn.example", "/", "cdn", allowing("198.51.100.0/24"), echo.port()).build(1));

            HttpResponse<String> inside = fixture.http.send(fixture.http.request("cdn.example", "/")
                    .header("X-Forwarded-For", "198.51.100.20").GET().build());
            HttpResponse<String> outside = fixture.http.send(fixture.http.request("cdn.example", "/")
                    .header("X-Forwarded-For", "198.51.100.20, 203.0.113.5").GET().build());
            HttpResponse<String> loopbackItself = fixture.http.get("cdn.example", "/");

            assertThat(inside.statusCode()).isEqualTo(200);
            assertThat(outside.statusCode()).isEqualTo(403);
            assertThat(loopbackItself.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void the_forwarded_for_header_of_an_untrusted_peer_is_not_believed() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("cdn.example", "/", "cdn", allowing("198.51.100.0/24"), echo.port()).build(1));

            HttpResponse<String> forged = fixture.http.send(fixture.http.request("cdn.example", "/")
                    .header("X-Forwarded-For", "198.51.100.20").GET().build());

            assertThat(forged.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void the_source_of_a_proxy_protocol_header_is_the_client_address_ipv4_ipv6_and_ipv4_mapped() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().proxyProtocol(true))) {
            fixture.proxy.apply(new Snapshots()
                    .filtered("nlb.example", "/", "nlb", allowing("198.51.100.0/24", "2001:db8::/32"), echo.port()).build(1));

            assertThat(throughProxyProtocol(fixture, "TCP4 198.51.100.9 10.0.0.5")).startsWith("HTTP/1.1 200");
            assertThat(throughProxyProtocol(fixture, "TCP4 203.0.113.9 10.0.0.5")).startsWith("HTTP/1.1 403");
            assertThat(throughProxyProtocol(fixture, "TCP6 2001:db8::7 2001:db8::1")).startsWith("HTTP/1.1 200");
            assertThat(throughProxyProtocol(fixture, "TCP6 2001:db9::7 2001:db8::1")).startsWith("HTTP/1.1 403");
            assertThat(throughProxyProtocol(fixture, "TCP6 ::ffff:198.51.100.9 ::ffff:10.0.0.5")).startsWith("HTTP/1.1 200");
        }
    }

    private static String throughProxyProtocol(ProxyFixture fixture, String addresses) throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("PROXY " + addresses + " 40000 80\r\nGET / HTTP/1.1\r\nHost: nlb.example\r\nConnection: close\r\n\r\n");
            return client.readResponse();
        }
    }

    private static RequestFilters allowing(String... sources) {
        return new RequestFilters(List.of(sources), null, null, null, null);
    }
}
