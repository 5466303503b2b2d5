package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.UdpEchoUpstream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** UDP listeners relay datagrams through real loopback sockets to an in-process echo, one session per client address. */
class UdpRelayTest {

    @Test
    void twoClientsGetTheirOwnSessionsAndEachTheAnswersToItsOwnDatagrams() throws Exception {
        int port = UdpClient.freePort();
        try (UdpEchoUpstream echo = UdpEchoUpstream.start(); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "echo", echo.port()).build(1));
            assertThat(fixture.proxy.udpAddress(port)).isNotNull();
            assertThat(new Http(fixture.proxy.adminAddress().getPort()).get(null, "/routes").body())
                    .contains("\"udpListeners\" : [ {\n    \"name\" : \"udp " + port + "\",\n    \"port\" : " + port)
                    .contains("\"cluster\" : \"test/echo:tcp\",\n    \"bound\" : true");

            try (UdpClient first = new UdpClient(port); UdpClient second = new UdpClient(port)) {
                assertThat(first.echo("from the first")).isEqualTo("from the first");
                assertThat(second.echo("from the second")).isEqualTo("from the second");
                assertThat(first.echo("the first again")).isEqualTo("the first again");
            }

            // each client had an upstream socket of its own, and the first kept its one
            assertThat(echo.senders()).hasSize(2);
            String listener = "listener=\"udp " + port + "\"";
            assertThat(metrics(fixture))
                    .contains("gatehouse_udp_sessions_total{" + listener + "} 2.0")
                    .contains("gatehouse_udp_sessions_active{" + listener + "} 2.0")
                    .contains("gatehouse_udp_received_datagrams_total{" + listener + "} 3.0")
                    .contains("gatehouse_udp_sent_datagrams_total{" + listener + "} 3.0")
                    .contains("gatehouse_udp_received_bytes_total{" + listener + "} 44.0");
        }
    }

    @Test
    void aSessionSilentForTheIdleTimeoutIsClosedAndTheClientsNextDatagramOpensAnother() throws Exception {
        int port = UdpClient.freePort();
        ProxySettings.Builder settings = ProxySettings.builder().udp(UdpSettings.DEFAULT.withIdleTimeout(Duration.ofMillis(300)));
        try (UdpEchoUpstream echo = UdpEchoUpstream.start(); ProxyFixture fixture = new ProxyFixture(settings);
             UdpClient client = new UdpClient(port)) {
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "echo", echo.port()).build(1));
            assertThat(client.echo("hello")).isEqualTo("hello");

            String listener = "listener=\"udp " + port + "\"";
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(metrics(fixture)).contains("gatehouse_udp_sessions_active{" + listener + "} 0.0"));

            assertThat(client.echo("back again")).isEqualTo("back again");
            assertThat(echo.senders()).hasSize(2);
            assertThat(metrics(fixture)).contains("gatehouse_udp_sessions_total{" + listener + "} 2.0");
        }
    }

    @Test
    void aListenerWithItsMostSessionsDropsTheDatagramsOfANewClientAndCountsThemWhileItsSessionsGoOn() throws Exception {
        int port = UdpClient.freePort();
        ProxySettings.Builder settings = ProxySettings.builder().udp(UdpSettings.DEFAULT.withMaxSessions(1));
        try (UdpEchoUpstream echo = UdpEchoUpstream.start(); ProxyFixture fixture = new ProxyFixture(settings);
             UdpClient first = new UdpClient(port); UdpClient second = new UdpClient(port)) {
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "echo", echo.port()).build(1));
            assertThat(first.echo("one")).isEqualTo("one");

            second.send("refused".getBytes(java.nio.charset.StandardCharsets.UTF_8));

            String listener = "listener=\"udp " + port + "\"";
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics(fixture))
                    .contains("gatehouse_udp_dropped_datagrams_total{" + listener + ",reason=\"sessions_limit\"} 1.0"));
            assertThat(first.echo("still served")).isEqualTo("still served");
            assertThat(echo.senders()).hasSize(1);
            assertThat(metrics(fixture)).contains("gatehouse_udp_sessions_total{" + listener + "} 1.0");
        }
    }

    @Test
    void aSnapshotWithoutTheListenerUnbindsItsPortAndEndsItsSessions() throws Exception {
        int port = UdpClient.freePort();
        try (UdpEchoUpstream echo = UdpEchoUpstream.start(); ProxyFixture fixture = new ProxyFixture();
             UdpClient client = new UdpClient(port)) {
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "echo", echo.port()).build(1));
            assertThat(client.echo("before")).isEqualTo("before");

            fixture.proxy.apply(new TcpSnapshots().build(2));

            assertThat(fixture.proxy.udpAddress(port)).isNull();
            String listener = "listener=\"udp " + port + "\"";
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(metrics(fixture)).contains("gatehouse_udp_sessions_active{" + listener + "} 0.0"));
            // the port is free again: another socket binds it
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).close();
        }
    }

    @Test
    void theLargestIpv4DatagramPassesBothWaysWhole() throws Exception {
        int port = UdpClient.freePort();
        try (UdpEchoUpstream echo = UdpEchoUpstream.start(); ProxyFixture fixture = new ProxyFixture();
             UdpClient client = new UdpClient(port)) {
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "echo", echo.port()).build(1));
            byte[] largest = new byte[UdpSettings.MAX_IPV4_PAYLOAD];
            Arrays.fill(largest, (byte) 'u');
            largest[largest.length - 1] = 'z';

            client.send(largest);

            assertThat(client.receive()).isEqualTo(largest);
        }
    }

    @Test
    void aDatagramAtTheConfiguredLimitPassesAndOneByteMoreIsDroppedAndCounted() throws Exception {
        int port = UdpClient.freePort();
        ProxySettings.Builder settings = ProxySettings.builder().udp(UdpSettings.DEFAULT.withMaxDatagramSize(1200));
        try (UdpEchoUpstream echo = UdpEchoUpstream.start(); ProxyFixture fixture = new ProxyFixture(settings);
             UdpClient client = new UdpClient(port)) {
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "echo", echo.port()).build(1));

            client.send(new byte[1201]);
            String listener = "listener=\"udp " + port + "\"";
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics(fixture))
                    .contains("gatehouse_udp_dropped_datagrams_total{" + listener + ",reason=\"oversized\"} 1.0"));
            byte[] atTheLimit = new byte[1200];
            Arrays.fill(atTheLimit, (byte) 7);
            client.send(atTheLimit);

            // the answer is the datagram at the limit: the oversized one never reached the echo
            assertThat(client.receive()).isEqualTo(atTheLimit);
            assertThat(metrics(fixture)).contains("gatehouse_udp_received_datagrams_total{" + listener + "} 1.0");
        }
    }

    @Test
    void anUpstreamAnswerBeyondTheLimitIsDroppedAndCountedWhileOneAtTheLimitReachesTheClient() throws Exception {
        int port = UdpClient.freePort();
        ProxySettings.Builder settings = ProxySettings.builder().udp(UdpSettings.DEFAULT.withMaxDatagramSize(1200));
        try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ProxyFixture fixture = new ProxyFixture(settings); UdpClient client = new UdpClient(port)) {
            upstream.setSoTimeout(5_000);
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "hostile", upstream.getLocalPort()).build(1));
            client.send(new byte[] {1});
            DatagramPacket question = new DatagramPacket(new byte[16], 16);
            upstream.receive(question);
            byte[] atTheLimit = new byte[1200];
            Arrays.fill(atTheLimit, (byte) 9);

            upstream.send(new DatagramPacket(new byte[1201], 1201, question.getSocketAddress()));
            upstream.send(new DatagramPacket(atTheLimit, atTheLimit.length, question.getSocketAddress()));

            // the first datagram the client gets is the one at the limit: the larger one went nowhere
            assertThat(client.receive()).isEqualTo(atTheLimit);
            assertThat(metrics(fixture))
                    .contains("gatehouse_udp_dropped_datagrams_total{listener=\"udp " + port + "\",reason=\"oversized\"} 1.0")
                    .contains("gatehouse_udp_sent_datagrams_total{listener=\"udp " + port + "\"} 1.0");
        }
    }

    @Test
    void aDatagramToAClusterWithoutEndpointsIsDroppedAndCounted() throws Exception {
        int port = UdpClient.freePort();
        try (ProxyFixture fixture = new ProxyFixture(); UdpClient client = new UdpClient(port)) {
            fixture.proxy.apply(new TcpSnapshots().udpListener(port, "empty").build(1));

            client.send(new byte[] {1, 2, 3});

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics(fixture))
                    .contains("gatehouse_udp_dropped_datagrams_total{listener=\"udp " + port + "\",reason=\"no_endpoint\"} 1.0"));
        }
    }

    private static String metrics(ProxyFixture fixture) {
        return new Http(fixture.proxy.adminAddress().getPort()).get(null, "/metrics").body();
    }
}
