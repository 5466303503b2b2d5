package dev.gatehouse.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on loopback that writes back every byte it reads, for TCP listeners. When a client shuts
 * its output, the echo shuts its own once everything is written back, then closes. It counts
 * connections, and on request first reads a PROXY protocol v1 line from each connection and records it.
 * Each connection gets its own thread.
 */
public final class EchoUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final boolean proxyHeader;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> proxyHeaders = new CopyOnWriteArrayList<>();

    private EchoUpstream(ServerSocket server, boolean proxyHeader) {
        this.server = server;
        this.proxyHeader = proxyHeader;
        Thread acceptor = new Thread(this::accept, "echo-upstream-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An echo on a free loopback port. */
    public static EchoUpstream start() {
        return start(0, false);
    }

    /**
     * An echo on the given loopback port (0 for a free one).
     *
     * @param proxyHeader whether each connection starts with a PROXY v1 line to record instead of echo
     */
    public static EchoUpstream start(int port, boolean proxyHeader) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return new EchoUpstream(server, proxyHeader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread worker = new Thread(() -> echo(socket), "echo-upstream-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (proxyHeader) {
                proxyHeaders.add(readLine(in));
            }
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            socket.shutdownOutput();
        } catch (IOException ignored) {
            // the proxy or the test closing the connection is an expected end
        } finally {
            open.remove(socket);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    /** The PROXY lines received, without their CRLF, in arrival order. */
    public List<String> proxyHeaders() {
        return List.copyOf(proxyHeaders);
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
