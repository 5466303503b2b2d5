package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.Tracing;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Settings tuned while the proxy runs by the snapshots it applies (the global ConfigMap's): new connections see them, open
 * ones keep theirs, and a snapshot without them brings back the settings the proxy started with.
 */
class ProxyTuningTest {

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
    void trusted_proxies_tuned_at_run_time_are_believed_on_new_connections_until_the_tuning_is_withdrawn() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RoutingSnapshot routes = new Snapshots().filtered("cdn.example", "/", "cdn", allowing("198.51.100.0/24"), echo.port()).build(1);
            fixture.proxy.apply(routes);
            assertThat(forwardedFor(fixture, "198.51.100.20")).startsWith("HTTP/1.1 403");

            fixture.proxy.apply(routes.withVersion(2).withTuning(ProxyTuning.DEFAULTS.withTrustedProxies(List.of("127.0.0.0/8", "::1"))));
            assertThat(forwardedFor(fixture, "198.51.100.20")).startsWith("HTTP/1.1 200");

            fixture.proxy.apply(routes.withVersion(3));
            assertThat(forwardedFor(fixture, "198.51.100.20")).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void proxy_protocol_turned_on_at_run_time_applies_to_new_connections_while_an_open_one_keeps_working() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RoutingSnapshot routes = new Snapshots().filtered("nlb.example", "/", "nlb", allowing("198.51.100.0/24", "127.0.0.1", "::1"),
                    echo.port()).build(1);
            fixture.proxy.apply(routes);
            try (RawClient open = new RawClient(fixture.port())) {
                open.send("GET / HTTP/1.1\r\nHost: nlb.example\r\n\r\n");
                assertThat(open.readResponse()).startsWith("HTTP/1.1 200");

                fixture.proxy.apply(routes.withVersion(2).withTuning(ProxyTuning.DEFAULTS.withProxyProtocol(true)));

                try (RawClient fresh = new RawClient(fixture.port())) {
                    fresh.send("PROXY TCP4 198.51.100.9 10.0.0.5 40000 80\r\nGET / HTTP/1.1\r\nHost: nlb.example\r\nConnection: close\r\n\r\n");
                    assertThat(fresh.readResponse()).startsWith("HTTP/1.1 200");
                }
                open.send("GET /again HTTP/1.1\r\nHost: nlb.example\r\nConnection: close\r\n\r\n");
                assertThat(open.readResponse()).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void a_tuning_out_of_range_is_refused_by_name_and_the_settings_stay_as_they_were() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RoutingSnapshot routes = new Snapshots().filtered("cdn.example", "/", "cdn", allowing("198.51.100.0/24"), echo.port()).build(1);
            fixture.proxy.apply(routes);

            assertThatThrownBy(() -> fixture.proxy.apply(routes.withVersion(2).withTuning(new ProxyTuning(Duration.ZERO,
                    Duration.ofSeconds(60), false, List.of("127.0.0.0/8"), 320, Duration.ofSeconds(60), 10_000, Tracing.DEFAULT, 0.01))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-alive timeout");
            assertThat(forwardedFor(fixture, "198.51.100.20")).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void a_snapshot_whose_trusted_proxies_the_proxy_cannot_read_is_refused_whole_and_the_live_one_keeps_serving() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture()) {
            RoutingSnapshot routes = new Snapshots().filtered("cdn.example", "/", "cdn", allowing("198.51.100.0/24"), echo.port()).build(1);
            fixture.proxy.apply(routes);

            assertThatThrownBy(() -> fixture.proxy.apply(routes.withVersion(2)
                    .withTuning(ProxyTuning.DEFAULTS.withTrustedProxies(List.of("127.0.0.0/8", "lb.internal")))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lb.internal");
            assertThat(fixture.proxy.snapshot().version()).isEqualTo(1);
            assertThat(forwardedFor(fixture, "198.51.100.20")).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void upstream_keep_alive_limits_tuned_at_run_time_close_connections_after_that_many_requests_or_keep_none_idle() {
        try (ProxyFixture fixture = new ProxyFixture(); TestUpstream upstream = TestUpstream.start("pooled")) {
            RoutingSnapshot routes = new Snapshots().route("pool.example", "/", "pooled", upstream.port()).build(1);
            fixture.proxy.apply(routes);
            // a connection goes back to the pool just after its answer, so a request may overtake it and open another:
            // the counts below are bounds that hold either way
            int kept = connectionsFor(fixture, upstream, 6);
            assertThat(kept).isLessThan(6);

            fixture.proxy.apply(routes.withVersion(2).withTuning(ProxyTuning.DEFAULTS.withUpstreamKeepalive(320, 2)));
            int twoEach = connectionsFor(fixture, upstream, 6);
            assertThat(twoEach).isGreaterThanOrEqualTo(3);

            fixture.proxy.apply(routes.withVersion(3).withTuning(ProxyTuning.DEFAULTS.withUpstreamKeepalive(0, 10_000)));
            // at most the one connection left idle before is reused, once
            int none = connectionsFor(fixture, upstream, 4);
            assertThat(none).isGreaterThanOrEqualTo(3);
        }
    }

    /** How many new upstream connections {@code requests} sequential requests opened. */
    private static int connectionsFor(ProxyFixture fixture, TestUpstream upstream, int requests) {
        int before = upstream.clientPorts().size();
        for (int i = 0; i < requests; i++) {
            assertThat(fixture.http.get("pool.example", "/").statusCode()).isEqualTo(200);
        }
        return upstream.clientPorts().size() - before;
    }

    private static String forwardedFor(ProxyFixture fixture, String client) throws IOException {
        try (RawClient raw = new RawClient(fixture.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: cdn.example\r\nX-Forwarded-For: " + client + "\r\nConnection: close\r\n\r\n");
            return raw.readResponse();
        }
    }

    private static RequestFilters allowing(String... sources) {
        return new RequestFilters(List.of(sources), null, null, null, null);
    }
}
