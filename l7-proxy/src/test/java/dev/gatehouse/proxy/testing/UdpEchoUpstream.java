package dev.gatehouse.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UDP server on loopback that sends every datagram back to its sender as it came, for UDP listeners; it remembers
 * each sender address, so a test sees how many upstream sockets (sessions) a relay used. One thread reads.
 */
public final class UdpEchoUpstream implements AutoCloseable {

    private final DatagramSocket socket;
    private final Set<SocketAddress> senders = ConcurrentHashMap.newKeySet();

    private UdpEchoUpstream(DatagramSocket socket) {
        this.socket = socket;
        Thread reader = new Thread(this::echo, "udp-echo-upstream-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** An echo on a free loopback port. */
    public static UdpEchoUpstream start() {
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(1 << 20);
            return new UdpEchoUpstream(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The addresses datagrams came from: one per session of a relay. */
    public Set<SocketAddress> senders() {
        return Set.copyOf(senders);
    }

    private void echo() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                senders.add(packet.getSocketAddress());
                socket.send(new DatagramPacket(Arrays.copyOf(packet.getData(), packet.getLength()), packet.getLength(),
                        packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // a send to a sender gone away: the next datagram is another's
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
