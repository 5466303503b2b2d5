package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.UdpEchoUpstream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingress-nginx's udp-services ConfigMap, served standalone by the proxy's UDP relay. */
class UdpServicesRoutingTest {

    @TempDir
    Path directory;

    @Test
    void anEntryOfTheUdpServicesConfigMapRelaysDatagramsToItsServiceAndAnEntryThatIsNoPortIsSkipped() throws Exception {
        int port = freeUdpPort();
        try (UdpEchoUpstream echo = UdpEchoUpstream.start();
             RoutingWorld world = RoutingWorld.start(directory, Map.of(), """
                     apiVersion: v1
                     kind: Service
                     metadata: {name: echo}
                     spec:
                       ports: [{name: dns, port: 53, protocol: UDP}]
                     ---
                     apiVersion: discovery.k8s.io/v1
                     kind: EndpointSlice
                     metadata:
                       name: echo
                       labels: {kubernetes.io/service-name: echo}
                     addressType: IPv4
                     ports: [{name: dns, port: %2$d, protocol: UDP}]
                     endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
                     ---
                     apiVersion: v1
                     kind: ConfigMap
                     metadata: {name: udp-services}
                     data:
                       "%1$d": "default/echo:53"
                       "not-a-port": "default/echo:53"
                     """.formatted(port, echo.port()), TranslatorSettings.defaults().withUdpServices("default/udp-services"));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> world.gatehouse().proxy().udpAddress(port) != null);
            client.setSoTimeout(5_000);
            byte[] query = "a datagram for udp-services".getBytes(StandardCharsets.US_ASCII);

            client.send(new DatagramPacket(query, query.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            DatagramPacket answer = new DatagramPacket(new byte[1024], 1024);
            client.receive(answer);

            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                    .isEqualTo("a datagram for udp-services");
            assertThat(world.gatehouse().proxy().snapshot().udpListeners()).extracting(l -> l.name())
                    .containsExactly("udp-services " + port);
        }
    }

    private static int freeUdpPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // another test's port: try the next
            }
        }
        throw new IOException("no free loopback UDP port in 20000-29999");
    }
}
