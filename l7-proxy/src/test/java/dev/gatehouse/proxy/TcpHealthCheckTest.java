package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.EchoUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HealthCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpHealthCheckTest {

    private static final HealthCheck FAST_TCP_CHECK = new HealthCheck(null, Duration.ofMillis(50), Duration.ofMillis(500), 2, 2);

    @Test
    void a_tcp_check_takes_an_endpoint_out_when_its_health_port_closes_and_back_when_it_reopens() throws Exception {
        int port = TcpClient.freePort();
        EchoUpstream health = EchoUpstream.start();
        int healthPort = health.port();
        try (EchoUpstream checked = EchoUpstream.start(); EchoUpstream steady = EchoUpstream.start();
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "db", steady.port())
                    .endpoint("db", new Endpoint("127.0.0.1", checked.port(), 1, healthPort))
                    .policy("db", ClusterPolicy.DEFAULT.withHealthCheck(FAST_TCP_CHECK)).build(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> health.connections() >= 2);
            assertThat(checked.connections()).as("connections to the serving port, not the health port").isZero();
            assertThat(TcpListenerTest.routes(fixture)).contains("\"healthCheck\" : \"TCP connect every 50 ms\"",
                    "\"healthPort\" : " + healthPort).doesNotContain("\"health\" : \"unhealthy\"");

            health.close();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TcpListenerTest.routes(fixture).contains("\"health\" : \"unhealthy\""));

            echoFourTimes(port);
            assertThat(checked.connections()).isZero();

            try (EchoUpstream reopened = EchoUpstream.start(healthPort, false)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !TcpListenerTest.routes(fixture).contains("\"health\" : \"unhealthy\""));

                echoFourTimes(port);
                assertThat(checked.connections()).isEqualTo(2);
            }
        } finally {
            health.close();
        }
    }

    private static void echoFourTimes(int port) throws Exception {
        for (int i = 0; i < 4; i++) {
            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("n" + i)).isEqualTo("n" + i);
            }
        }
    }
}
