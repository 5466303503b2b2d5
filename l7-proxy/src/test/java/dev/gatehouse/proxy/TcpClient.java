package dev.gatehouse.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** A client of a TCP listener on a bare socket: write, read back exactly as much, half-close. */
final class TcpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TcpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends {@code text} and returns as many bytes as it has, read back. */
    String echo(String text) throws IOException {
        send(text);
        return read(text.length());
    }

    String read(int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** Everything up to the end of the stream. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** Whether the proxy closed the connection: the next read sees the end of the stream or a reset. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * A loopback port free at the time of asking, below the ephemeral range (Linux 32768-60999, others higher). A
     * port the kernel handed out for port 0 could be handed out again to the next socket bound to port 0, such as the
     * test's echo upstream, which then held the listener's port and answered in its place; below that range only an
     * explicit bind takes it.
     */
    static int freePort() {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw new UncheckedIOException("no free loopback port between 20000 and 32000 in 100 tries", last);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
