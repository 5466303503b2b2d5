package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.balance.LeastRequest;
import dev.gatehouse.proxy.tcp.TcpListeners;
import dev.gatehouse.proxy.testing.EchoUpstream;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.LoadBalancing;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpListenerTest {

    @Test
    void bytes_round_trip_through_a_tcp_listener_and_are_counted() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port()).build(1));
            assertThat(fixture.proxy.tcpAddress(port)).isNotNull();

            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("hello")).isEqualTo("hello");
                assertThat(client.echo("x".repeat(200_000))).isEqualTo("x".repeat(200_000));
            }

            String listener = "listener=\"" + TcpSnapshots.name(port) + "\"";
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics(fixture))
                    .contains("gatehouse_tcp_connections_total{" + listener + "} 1.0")
                    .contains("gatehouse_tcp_connections_active{" + listener + "} 0.0")
                    .contains("gatehouse_tcp_received_bytes_total{" + listener + "} 200005.0")
                    .contains("gatehouse_tcp_sent_bytes_total{" + listener + "} 200005.0"));
        }
    }

    @Test
    void a_client_that_shuts_its_output_still_gets_the_whole_answer_and_then_the_end_of_the_stream() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port()).build(1));

            try (TcpClient client = new TcpClient(port)) {
                client.send("last words");
                client.shutdownOutput();

                assertThat(client.readToEnd()).isEqualTo("last words");

                // both directions ended: the proxy closes both of its sockets while the client still holds its own
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics(fixture))
                        .contains("gatehouse_tcp_connections_active{listener=\"" + TcpSnapshots.name(port) + "\"} 0.0"));
                assertThat(echo.openConnections()).isZero();
            }
        }
    }

    @Test
    void an_open_connection_keeps_echoing_while_snapshots_change_its_endpoints_the_http_routes_and_its_cluster()
            throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream first = EchoUpstream.start(); EchoUpstream second = EchoUpstream.start();
             TestUpstream web = TestUpstream.start("web"); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", first.port()).build(1));
            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("v1")).isEqualTo("v1");

                fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", first.port(), second.port()).build(2));
                assertThat(client.echo("v2")).isEqualTo("v2");
                fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", first.port(), second.port())
                        .route("web.example", "web", web.port()).build(3));
                assertThat(client.echo("v3")).isEqualTo("v3");
                fixture.proxy.apply(new TcpSnapshots().listener(port, "other", second.port())
                        .route("web.example", "web", web.port()).build(4));
                assertThat(client.echo("v4")).isEqualTo("v4");

                try (TcpClient later = new TcpClient(port)) {
                    assertThat(later.echo("new")).isEqualTo("new");
                }
                assertThat(Http.answeredBy(fixture.http.get("web.example", "/"))).isEqualTo("web");
                assertThat(client.echo("still")).isEqualTo("still");
                assertThat(first.connections()).isEqualTo(1);
                assertThat(second.connections()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_removed_listener_refuses_new_connections_while_an_open_connection_on_it_still_echoes() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port()).build(1));
            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("before")).isEqualTo("before");

                fixture.proxy.apply(new TcpSnapshots().build(2));

                assertThat(fixture.proxy.tcpAddress(port)).isNull();
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                        .isInstanceOf(ConnectException.class);
                assertThat(client.echo("draining")).isEqualTo("draining");
            }
        }
    }

    @Test
    void a_port_taken_by_another_socket_is_reported_without_breaking_apply_or_http_and_binds_once_free()
            throws Exception {
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int taken = squatter.getLocalPort();
        int free = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); TestUpstream web = TestUpstream.start("web");
             ProxyFixture fixture = new ProxyFixture()) {
            TcpSnapshots snapshot = new TcpSnapshots().listener(taken, "echo", echo.port()).listener(free, "echo")
                    .route("web.example", "web", web.port());

            fixture.proxy.apply(snapshot.build(1));

            assertThat(fixture.proxy.snapshot().version()).isEqualTo(1);
            assertThat(fixture.proxy.tcpAddress(taken)).isNull();
            assertThat(Http.answeredBy(fixture.http.get("web.example", "/"))).isEqualTo("web");
            try (TcpClient other = new TcpClient(free)) {
                assertThat(other.echo("unaffected")).isEqualTo("unaffected");
            }
            assertThat(routes(fixture)).contains("\"port\" : " + taken, "\"bound\" : false", "\"bindError\" : ");
            assertThat(metrics(fixture))
                    .contains("gatehouse_tcp_listener_bind_failures_total{listener=\"" + TcpSnapshots.name(taken) + "\"} 1.0")
                    .contains("gatehouse_tcp_listener_bound{listener=\"" + TcpSnapshots.name(taken) + "\",port=\"" + taken
                            + "\"} 0.0");

            squatter.close();
            fixture.proxy.apply(snapshot.build(2));

            assertThat(fixture.proxy.tcpAddress(taken)).isNotNull();
            try (TcpClient client = new TcpClient(taken)) {
                assertThat(client.echo("bound at last")).isEqualTo("bound at last");
            }
            assertThat(routes(fixture)).doesNotContain("\"bound\" : false", "bindError");
        } finally {
            squatter.close();
        }
    }

    @Test
    void a_port_taken_at_the_first_apply_is_retried_until_it_is_free_and_then_bound_without_another_apply()
            throws Exception {
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int taken = squatter.getLocalPort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(taken, "echo", echo.port()).build(1));
            assertThat(fixture.proxy.tcpAddress(taken)).isNull();

            // a retry that fails again schedules the next one
            Duration retries = TcpListeners.BIND_RETRY.multipliedBy(3);
            await().atMost(retries).until(() -> metrics(fixture).contains(
                    "gatehouse_tcp_listener_bind_failures_total{listener=\"" + TcpSnapshots.name(taken) + "\"} 2.0"));
            assertThat(fixture.proxy.tcpAddress(taken)).isNull();
            squatter.close();

            await().atMost(retries).until(() -> fixture.proxy.tcpAddress(taken) != null);
            try (TcpClient client = new TcpClient(taken)) {
                assertThat(client.echo("bound by a retry")).isEqualTo("bound by a retry");
            }
            assertThat(fixture.proxy.snapshot().version()).isEqualTo(1);
            assertThat(routes(fixture)).doesNotContain("\"bound\" : false", "bindError");
        } finally {
            squatter.close();
        }
    }

    @Test
    void round_robin_sends_each_new_connection_to_the_next_endpoint() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream a = EchoUpstream.start(); EchoUpstream b = EchoUpstream.start();
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", a.port(), b.port()).build(1));

            for (int i = 0; i < 6; i++) {
                try (TcpClient client = new TcpClient(port)) {
                    assertThat(client.echo("n" + i)).isEqualTo("n" + i);
                }
            }

            assertThat(a.connections()).isEqualTo(3);
            assertThat(b.connections()).isEqualTo(3);
        }
    }

    @Test
    void an_endpoint_that_refuses_connections_is_skipped_and_counted() throws Exception {
        int port = TcpClient.freePort();
        int refusing = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", refusing, echo.port()).build(1));

            for (int i = 0; i < 4; i++) {
                try (TcpClient client = new TcpClient(port)) {
                    assertThat(client.echo("n" + i)).isEqualTo("n" + i);
                }
            }

            assertThat(echo.connections()).isEqualTo(4);
            assertThat(metrics(fixture))
                    .contains("gatehouse_tcp_upstream_connect_failures_total{listener=\"" + TcpSnapshots.name(port) + "\"}")
                    .contains("gatehouse_upstream_errors_total{cluster=\"test/echo:tcp\",reason=\"connect\"}");
        }
    }

    @Test
    void without_an_endpoint_to_connect_to_the_client_connection_is_closed() throws Exception {
        int refusingOnly = TcpClient.freePort();
        int empty = TcpClient.freePort();
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(refusingOnly, "nowhere", TcpClient.freePort())
                    .listener(empty, "empty").build(1));

            for (int port : new int[] {refusingOnly, empty}) {
                try (TcpClient client = new TcpClient(port)) {
                    assertThat(client.closedByPeer()).isTrue();
                }
                assertThat(metrics(fixture))
                        .contains("gatehouse_tcp_connections_unserved_total{listener=\"" + TcpSnapshots.name(port) + "\"} 1.0");
            }
        }
    }

    @Test
    void a_consistent_hash_on_the_client_address_sends_every_connection_of_a_client_to_one_endpoint() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream a = EchoUpstream.start(); EchoUpstream b = EchoUpstream.start();
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", a.port(), b.port())
                    .policy("echo", ClusterPolicy.DEFAULT.withLoadBalancing(
                            new LoadBalancing.ConsistentHash(new HashKey.ClientAddress())))
                    .build(1));

            for (int i = 0; i < 6; i++) {
                try (TcpClient client = new TcpClient(port)) {
                    assertThat(client.echo("n" + i)).isEqualTo("n" + i);
                }
            }

            assertThat(List.of(a.connections(), b.connections())).containsExactlyInAnyOrder(0, 6);
        }
    }

    @Test
    void least_request_sends_a_new_connection_to_the_endpoint_with_fewer_open_ones() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream a = EchoUpstream.start(); EchoUpstream b = EchoUpstream.start();
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", a.port(), b.port())
                    .policy("echo", ClusterPolicy.DEFAULT.withLoadBalancing(new LoadBalancing.LeastRequest(2)))
                    .build(1));
            List<TcpClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    TcpClient client = new TcpClient(port);
                    open.add(client);
                    assertThat(client.echo("n" + i)).isEqualTo("n" + i);
                }

                assertThat(a.openConnections()).isEqualTo(2);
                assertThat(b.openConnections()).isEqualTo(2);
                assertThat(routes(fixture)).contains("\"inFlight\" : 2");
            } finally {
                for (TcpClient client : open) {
                    client.close();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> routes(fixture).contains("\"inFlight\" : 0")
                    && !routes(fixture).contains("\"inFlight\" : 1") && !routes(fixture).contains("\"inFlight\" : 2"));
        }
    }

    @Test
    void routes_lists_each_tcp_listener_with_its_port_cluster_and_whether_it_is_bound() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", true, false, echo.port()).build(1));

            assertThat(routes(fixture)).contains("\"tcpListeners\" : [ {\n"
                    + "    \"name\" : \"" + TcpSnapshots.name(port) + "\",\n"
                    + "    \"port\" : " + port + ",\n"
                    + "    \"cluster\" : \"test/echo:tcp\",\n"
                    + "    \"acceptProxyProtocol\" : true,\n"
                    + "    \"sendProxyProtocol\" : false,\n"
                    + "    \"bound\" : true\n"
                    + "  } ]");
        }
    }

    @Test
    void shutdown_closes_the_tcp_port_with_the_http_listener_and_ends_open_connections_at_the_deadline()
            throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start()) {
            ProxyFixture fixture = new ProxyFixture();
            fixture.proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port()).build(1));
            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("before")).isEqualTo("before");

                long start = System.nanoTime();
                fixture.proxy.shutdown(Duration.ofMillis(100), Duration.ofMillis(500));

                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 5_000L);
                assertThat(client.closedByPeer()).isTrue();
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    static String routes(ProxyFixture fixture) {
        return new Http(fixture.proxy.adminAddress().getPort()).get(null, "/routes").body();
    }

    static String metrics(ProxyFixture fixture) {
        return new Http(fixture.proxy.adminAddress().getPort()).get(null, "/metrics").body();
    }
}
