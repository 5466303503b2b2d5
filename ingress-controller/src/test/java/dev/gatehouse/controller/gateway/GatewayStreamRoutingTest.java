package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.dns.testing.BindServer;
import dev.gatehouse.proxy.testing.EchoUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * TCPRoutes and UDPRoutes served standalone through the real proxy: bytes through a TCP listener to a TCP echo, and a
 * DNS query through a UDP listener to a real BIND 9, which proves a real UDP protocol passes the relay.
 */
class GatewayStreamRoutingTest {

    @TempDir
    Path directory;

    @Test
    void aTcpRouteRelaysBytesBothWaysToItsServicesEndpoint() throws Exception {
        int port = freePort();
        try (EchoUpstream echo = EchoUpstream.start();
             RoutingWorld world = RoutingWorld.start(directory, Map.of(), GatewayWorld.BASE + """
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: Gateway
                     metadata: {name: streams}
                     spec:
                       gatewayClassName: gatehouse
                       listeners: [{name: echo, port: %1$d, protocol: TCP}]
                     ---
                     apiVersion: v1
                     kind: Service
                     metadata: {name: echo}
                     spec:
                       ports: [{name: echo, port: 7}]
                     ---
                     apiVersion: discovery.k8s.io/v1
                     kind: EndpointSlice
                     metadata:
                       name: echo
                       labels: {kubernetes.io/service-name: echo}
                     addressType: IPv4
                     ports: [{name: echo, port: %2$d}]
                     endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
                     ---
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: TCPRoute
                     metadata: {name: echo}
                     spec:
                       parentRefs: [{name: streams, sectionName: echo}]
                       rules: [{backendRefs: [{name: echo, port: 7}]}]
                     """.formatted(port, echo.port()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> world.gatehouse().proxy().tcpAddress(port) != null);

            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write("through a TCPRoute".getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput();

                assertThat(new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII)).isEqualTo("through a TCPRoute");
            }
            assertThat(echo.connections()).isEqualTo(1);
        }
    }

    @Test
    void aDnsQueryThroughAUdpRouteGetsBindsAnswer() throws Exception {
        int port = freePort();
        Path bindDirectory = Files.createDirectory(directory.resolve("bind"));
        Path manifests = Files.createDirectory(directory.resolve("manifests"));
        try (BindServer bind = BindServer.start(bindDirectory, BindServer.Zone.of("example.test", "www 300 IN A 192.0.2.10"));
             RoutingWorld world = RoutingWorld.start(manifests, Map.of(), GatewayWorld.BASE + """
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: Gateway
                     metadata: {name: streams}
                     spec:
                       gatewayClassName: gatehouse
                       listeners: [{name: dns, port: %1$d, protocol: UDP}]
                     ---
                     apiVersion: v1
                     kind: Service
                     metadata: {name: resolver}
                     spec:
                       ports: [{name: dns, port: 53, protocol: UDP}]
                     ---
                     apiVersion: discovery.k8s.io/v1
                     kind: EndpointSlice
                     metadata:
                       name: resolver
                       labels: {kubernetes.io/service-name: resolver}
                     addressType: IPv4
                     ports: [{name: dns, port: %2$d, protocol: UDP}]
                     endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
                     ---
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: UDPRoute
                     metadata: {name: dns}
                     spec:
                       parentRefs: [{name: streams, sectionName: dns}]
                       rules: [{backendRefs: [{name: resolver, port: 53}]}]
                     """.formatted(port, bind.port()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> world.gatehouse().proxy().udpAddress(port) != null);

            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            resolver.setTimeout(Duration.ofSeconds(5));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN)));

            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answer.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.10");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /** A loopback port free for both TCP and UDP, in the range tests pick from. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // another test's port: try the next
            }
        }
        throw new IOException("no free loopback port in 20000-29999");
    }
}
