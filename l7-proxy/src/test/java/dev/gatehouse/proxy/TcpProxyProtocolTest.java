package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.EchoUpstream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpProxyProtocolTest {

    @Test
    void a_proxy_header_from_the_client_is_accepted_and_the_client_it_names_is_sent_upstream() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(0, true); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", true, true, echo.port()).build(1));

            try (TcpClient client = new TcpClient(port)) {
                client.send("PROXY TCP4 203.0.113.7 198.51.100.1 40000 3306\r\nhello");

                assertThat(client.read(5)).isEqualTo("hello");
            }
            assertThat(echo.proxyHeaders()).containsExactly("PROXY TCP4 203.0.113.7 198.51.100.1 40000 3306");
        }
    }

    @Test
    void without_a_header_from_the_client_the_upstream_header_names_the_socket_addresses() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(0, true); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", false, true, echo.port()).build(1));

            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("hello")).isEqualTo("hello");

                assertThat(echo.proxyHeaders())
                        .containsExactly("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.localPort() + " " + port);
            }
        }
    }

    @Test
    void a_proxy_header_from_the_client_is_not_passed_on_when_the_listener_sends_none() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", true, false, echo.port()).build(1));

            try (TcpClient client = new TcpClient(port)) {
                client.send("PROXY TCP6 2001:db8::7 2001:db8::1 40000 3306\r\n");
                client.send("split ");
                client.send("in two");

                assertThat(client.read(12)).isEqualTo("split in two");
            }
        }
    }

    @Test
    void a_connection_without_the_expected_header_is_closed_before_any_upstream_is_asked() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", true, false, echo.port()).build(1));

            try (TcpClient client = new TcpClient(port)) {
                client.send("GET / HTTP/1.1\r\nHost: db.example\r\n\r\n");

                assertThat(client.closedByPeer()).isTrue();
            }
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> echo.connections() == 0);
        }
    }
}
