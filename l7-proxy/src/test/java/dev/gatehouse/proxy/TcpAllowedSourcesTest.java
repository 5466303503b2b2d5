package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.proxy.tcp.TcpSourceCheck;
import dev.gatehouse.proxy.testing.EchoUpstream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TcpAllowedSourcesTest {

    @Test
    void a_client_in_an_allowed_range_is_relayed() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port())
                    .allowedSources(port, "10.0.0.0/8", "127.0.0.1/32").build(1));

            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("hello")).isEqualTo("hello");
            }
            assertThat(TcpListenerTest.metrics(fixture)).doesNotContain(denied(port) + " 1.0");
            assertThat(TcpListenerTest.routes(fixture)).contains("\"allowedSources\" : [ \"10.0.0.0/8\", \"127.0.0.1/32\" ]");
        }
    }

    @Test
    void a_client_outside_every_allowed_range_is_closed_at_once_and_no_upstream_is_asked() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port())
                    .allowedSources(port, "10.0.0.0/8").build(1));

            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.closedByPeer()).isTrue();
            }

            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> echo.connections() == 0);
            assertThat(TcpListenerTest.metrics(fixture)).contains(denied(port) + " 1.0")
                    .contains("gatehouse_tcp_connections_unserved_total{listener=\"" + TcpSnapshots.name(port) + "\"} 0.0");
        }
    }

    @Test
    void a_proxy_header_naming_an_allowed_client_lets_it_in_from_a_socket_outside_the_ranges() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", true, false, echo.port())
                    .allowedSources(port, "203.0.113.0/24").build(1));

            try (TcpClient client = new TcpClient(port)) {
                client.send("PROXY TCP4 203.0.113.7 198.51.100.1 40000 3306\r\nhello");

                assertThat(client.read(5)).isEqualTo("hello");
            }
        }
    }

    @Test
    void a_proxy_header_naming_a_client_outside_the_ranges_is_closed_even_from_an_allowed_socket() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", true, false, echo.port())
                    .allowedSources(port, "127.0.0.0/8").build(1));

            try (TcpClient client = new TcpClient(port)) {
                client.send("PROXY TCP4 198.51.100.9 198.51.100.1 40000 3306\r\nhello");

                assertThat(client.closedByPeer()).isTrue();
            }

            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> echo.connections() == 0);
            assertThat(TcpListenerTest.metrics(fixture)).contains(denied(port) + " 1.0");
        }
    }

    @Test
    void an_ipv6_client_named_by_a_proxy_header_is_matched_against_ipv6_ranges() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", true, false, echo.port())
                    .allowedSources(port, "10.0.0.0/8", "2001:db8::/32").build(1));

            try (TcpClient client = new TcpClient(port)) {
                client.send("PROXY TCP6 2001:db8::7 2001:db8::1 40000 3306\r\nhello");

                assertThat(client.read(5)).isEqualTo("hello");
            }
        }
    }

    @Test
    void other_allowed_sources_in_a_new_snapshot_decide_the_next_connection_on_the_same_port() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port())
                    .allowedSources(port, "10.0.0.0/8").build(1));
            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.closedByPeer()).isTrue();
            }

            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port())
                    .allowedSources(port, "127.0.0.1").build(2));

            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("let in")).isEqualTo("let in");
            }
            assertThat(echo.connections()).isEqualTo(1);
        }
    }

    @Test
    void an_unparsable_range_refuses_every_client_and_is_logged_once() throws Exception {
        int port = TcpClient.freePort();
        Logger logger = (Logger) LoggerFactory.getLogger(TcpSourceCheck.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            TcpSnapshots snapshot = new TcpSnapshots().listener(port, "echo", echo.port())
                    .allowedSources(port, "127.0.0.1/32", "10.0.0.0/33");
            fixture.proxy.apply(snapshot.build(1));
            fixture.proxy.apply(snapshot.build(2));

            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.closedByPeer()).isTrue();
            }

            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> echo.connections() == 0);
            assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR
                            && event.getFormattedMessage().startsWith("TCP listener " + TcpSnapshots.name(port) + ":"))
                    .singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("\"10.0.0.0/33\" has a prefix length outside 0-32", "every client is refused");
        } finally {
            logger.detachAppender(logged);
        }
    }

    private static String denied(int port) {
        return "gatehouse_tcp_connections_denied_total{listener=\"" + TcpSnapshots.name(port) + "\"}";
    }
}
