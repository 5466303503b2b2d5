package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HealthCheck;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthTest {

    private static final HealthCheck FAST_CHECK = new HealthCheck("/healthz", Duration.ofMillis(50), Duration.ofMillis(500), 2, 2);

    @Test
    void an_endpoint_failing_its_active_check_is_taken_out_and_brought_back_when_it_passes_again() {
        AtomicBoolean sick = new AtomicBoolean();
        try (TestUpstream flaky = TestUpstream.start("flaky", exchange -> answer(exchange,
                exchange.getRequestURI().getPath().equals("/healthz") && sick.get() ? 503 : 200));
             TestUpstream steady = TestUpstream.start("steady", exchange -> answer(exchange, 200));
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("hc.example", "/", "hc", flaky.port(), steady.port())
                    .policy("hc", ClusterPolicy.DEFAULT.withHealthCheck(FAST_CHECK)).build(1));
            assertThat(answers(fixture, "hc.example", 10)).contains("flaky", "steady");

            sick.set(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> routes(fixture).contains("\"health\" : \"unhealthy\""));

            assertThat(answers(fixture, "hc.example", 10)).containsOnly("steady");
            assertThat(metrics(fixture)).contains("gatehouse_upstream_endpoint_available{cluster=\"test/hc:80\",endpoint=\"127.0.0.1:"
                    + flaky.port() + "\"} 0.0");

            sick.set(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> !routes(fixture).contains("\"health\" : \"unhealthy\""));

            assertThat(answers(fixture, "hc.example", 10)).contains("flaky", "steady");
        }
    }

    @Test
    void an_endpoint_answering_5xx_in_a_row_is_ejected_while_the_others_serve() {
        try (TestUpstream broken = TestUpstream.start("broken", exchange -> answer(exchange, 500));
             TestUpstream good = TestUpstream.start("good", exchange -> answer(exchange, 200));
             ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().outlier(
                     new OutlierDetection(3, Duration.ofSeconds(30), Duration.ofMinutes(5), 50)))) {
            fixture.proxy.apply(new Snapshots().route("od.example", "/", "od", broken.port(), good.port()).build(1));

            List<String> first = answers(fixture, "od.example", 6);
            List<String> later = answers(fixture, "od.example", 20);

            assertThat(first).filteredOn("broken"::equals).hasSize(3);
            assertThat(later).containsOnly("good");
            assertThat(metrics(fixture)).contains("gatehouse_upstream_ejections_total{cluster=\"test/od:80\"} 1.0");
            assertThat(routes(fixture)).contains("\"health\" : \"ejected\"");
        }
    }

    @Test
    void when_every_endpoint_is_unhealthy_requests_still_go_to_them_and_the_panic_is_counted() {
        try (TestUpstream one = TestUpstream.start("one", exchange -> answer(exchange, exchange.getRequestURI().getPath()
                .equals("/healthz") ? 503 : 200));
             TestUpstream two = TestUpstream.start("two", exchange -> answer(exchange, exchange.getRequestURI().getPath()
                     .equals("/healthz") ? 503 : 200));
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("panic.example", "/", "panic", one.port(), two.port())
                    .policy("panic", ClusterPolicy.DEFAULT.withHealthCheck(FAST_CHECK)).build(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> !routes(fixture).contains("\"health\" : \"healthy\""));

            List<String> answered = answers(fixture, "panic.example", 10);

            assertThat(answered).containsOnly("one", "two").contains("one", "two");
            assertThat(metrics(fixture)).contains("gatehouse_upstream_panic_total{cluster=\"test/panic:80\"} 10.0");
        }
    }

    @Test
    void the_ejected_share_of_a_cluster_is_capped() {
        try (TestUpstream a = TestUpstream.start("a", exchange -> answer(exchange, 500));
             TestUpstream b = TestUpstream.start("b", exchange -> answer(exchange, 500));
             ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().outlier(
                     new OutlierDetection(2, Duration.ofSeconds(30), Duration.ofMinutes(5), 50)))) {
            fixture.proxy.apply(new Snapshots().route("cap.example", "/", "cap", a.port(), b.port()).build(1));

            answers(fixture, "cap.example", 20);

            assertThat(metrics(fixture)).contains("gatehouse_upstream_ejections_total{cluster=\"test/cap:80\"} 1.0");
            assertThat(answers(fixture, "cap.example", 4)).hasSize(4).doesNotContain("status 503");
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws java.io.IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = ("status " + status).getBytes();
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static List<String> answers(ProxyFixture fixture, String host, int count) {
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answered.add(Http.answeredBy(fixture.http.get(host, "/" + i)));
        }
        return answered;
    }

    private static String routes(ProxyFixture fixture) {
        return new Http(fixture.proxy.adminAddress().getPort()).get(null, "/routes").body();
    }

    private static String metrics(ProxyFixture fixture) {
        return new Http(fixture.proxy.adminAddress().getPort()).get(null, "/metrics").body();
    }
}
