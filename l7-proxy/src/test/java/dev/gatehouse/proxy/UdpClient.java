package dev.gatehouse.proxy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** A UDP client on its own loopback port, sending to one port of the proxy; each waits at most five seconds for an answer. */
final class UdpClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress target;

    UdpClient(int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5_000);
        socket.setReceiveBufferSize(1 << 20);
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, target));
    }

    /** The next datagram that comes back. */
    byte[] receive() throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Sends {@code text} and returns the answer as text. */
    String echo(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
        return new String(receive(), StandardCharsets.UTF_8);
    }

    /** A loopback port no UDP socket holds now, in the range the tests pick from. */
    static int freePort() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw last;
    }

    @Override
    public void close() {
        socket.close();
    }
}
