package dev.gatehouse.dns.testing;

import dev.gatehouse.cloudsdk.testing.Faults;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on a loopback port in front of a DNS server, that cuts a share of connections as {@link Faults}
 * draws for each message: most are reset before the message reaches the server (nothing applied; every kind but
 * {@link Faults.Kind#ANSWER_LOST} is rendered so), and {@link Faults.Kind#ANSWER_LOST} ones pass the message
 * through and reset the client once the server answers, so the server acted and the client cannot tell.
 */
public final class LossyTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Faults faults;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lossy-proxy");
        thread.setDaemon(true);
        return thread;
    });

    private LossyTcpProxy(ServerSocket listener, InetSocketAddress upstream, Faults faults) {
        this.listener = listener;
        this.upstream = upstream;
        this.faults = faults;
    }

    public static LossyTcpProxy start(int upstreamPort, Faults faults) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        LossyTcpProxy proxy = new LossyTcpProxy(listener,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), faults);
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * DNS over TCP frames each message with its length, and a client keeps its connection for many messages, so
     * the draw is per message: the connection is cut where that message would have gone through.
     */
    private void serve(Socket client) {
        AtomicBoolean loseNextAnswer = new AtomicBoolean();
        try (client; Socket server = new Socket(upstream.getAddress(), upstream.getPort())) {
            threads.execute(() -> answer(server, client, loseNextAnswer));
            DataInputStream requests = new DataInputStream(client.getInputStream());
            OutputStream toServer = server.getOutputStream();
            while (true) {
                int length = requests.readUnsignedShort();
                byte[] message = requests.readNBytes(length);
                Faults.Kind fault = faults.draw(true);
                if (fault != Faults.Kind.NONE && fault != Faults.Kind.ANSWER_LOST) {
                    reset(client);
                    return;
                }
                loseNextAnswer.set(fault == Faults.Kind.ANSWER_LOST);
                toServer.write(length >> 8);
                toServer.write(length & 0xff);
                toServer.write(message);
                toServer.flush();
            }
        } catch (IOException e) {
            // either side went away: the connection is over, as it would be through a real middlebox
        }
    }

    private static void answer(Socket server, Socket client, AtomicBoolean loseNextAnswer) {
        try {
            InputStream answers = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = answers.read(buffer)) >= 0) {
                if (loseNextAnswer.get()) {
                    reset(client);
                    return;
                }
                toClient.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // the request side closes both
        }
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
