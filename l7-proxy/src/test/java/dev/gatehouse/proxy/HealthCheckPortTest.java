package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HealthCheck;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckPortTest {

    private static final HealthCheck FAST_CHECK = new HealthCheck("/healthz", Duration.ofMillis(50), Duration.ofMillis(500), 2, 2);

    @Test
    void an_http_check_goes_to_the_endpoints_health_port_not_to_the_port_serving_requests() {
        // the serving port fails the check path: were the check sent there, the endpoint would turn unhealthy
        try (TestUpstream serving = TestUpstream.start("serving", exchange -> answer(exchange,
                exchange.getRequestURI().getPath().equals("/healthz") ? 503 : 200));
             TestUpstream health = TestUpstream.start("health", exchange -> answer(exchange, 200));
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().route("hp.example", "hp")
                    .endpoint("hp", new Endpoint("127.0.0.1", serving.port(), 1, health.port()))
                    .policy("hp", ClusterPolicy.DEFAULT.withHealthCheck(FAST_CHECK)).build(1));

            await().atMost(Duration.ofSeconds(10)).until(() -> health.requests().size() >= 4);

            assertThat(health.requests()).allSatisfy(request -> assertThat(request).containsEntry("uri", "/healthz"));
            assertThat(serving.requests()).isEmpty();
            assertThat(TcpListenerTest.routes(fixture)).contains("\"health\" : \"healthy\"", "\"healthPort\" : " + health.port());
            assertThat(Http.answeredBy(fixture.http.get("hp.example", "/"))).isEqualTo("serving");
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
}
