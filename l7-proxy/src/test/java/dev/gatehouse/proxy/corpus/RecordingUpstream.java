package dev.gatehouse.proxy.corpus;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An upstream that records exactly what arrives on each connection and reads it with
 * {@link StrictHttp1Parser}. It answers the first complete request with an empty 200 (no body, so HEAD needs no
 * care) and {@code Connection: close}, then keeps reading until the proxy closes: so every request a proxy sends
 * goes on its own connection, and any byte a proxy sends after a request (a smuggled one) is still seen.
 */
public final class RecordingUpstream implements AutoCloseable {

    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] REFUSAL = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket server;
    private final List<Recording> recordings = new CopyOnWriteArrayList<>();
    private static final Duration GRACE = Duration.ofMillis(300);

    private volatile String tag = "";

    private RecordingUpstream(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "recording-upstream-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RecordingUpstream start() {
        try {
            return new RecordingUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted from now on belong to {@code entry}. */
    public void begin(String entry) {
        tag = entry;
    }

    /**
     * The connections of {@code entry}, in the order accepted, once each has ended. Called when the client's
     * exchange is over: a connection the proxy still holds open then (a streamed request the proxy will not
     * finish) is given a moment and then closed from this side, so that no entry waits on a proxy's timeouts.
     */
    public List<UpstreamConnection> finish(String entry) {
        try {
            await().atMost(GRACE).pollInterval(Duration.ofMillis(5)).until(() -> ended(entry));
        } catch (ConditionTimeoutException stillOpen) {
            recordings.stream().filter(r -> r.tag.equals(entry)).forEach(Recording::cut);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> ended(entry));
        }
        List<Recording> mine = recordings.stream().filter(r -> r.tag.equals(entry) && r.result != null).toList();
        recordings.removeAll(mine);
        return mine.stream().map(r -> r.result).toList();
    }

    private boolean ended(String entry) {
        return recordings.stream().filter(r -> r.tag.equals(entry)).allMatch(r -> r.result != null);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Recording recording = new Recording(tag, socket);
                recordings.add(recording);
                Thread worker = new Thread(recording::serve, "recording-upstream-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static final class Recording {
        final String tag;
        final Socket socket;
        volatile UpstreamConnection result;

        Recording(String tag, Socket socket) {
            this.tag = tag;
            this.socket = socket;
        }

        void cut() {
            try {
                socket.close();
            } catch (IOException alreadyClosed) {
                // the read loop ends either way
            }
        }

        void serve() {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (socket) {
                socket.setSoTimeout(5000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                boolean answered = false;
                boolean continued = false;
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                    if (answered) {
                        continue;
                    }
                    StrictParse sofar = StrictHttp1Parser.parseUpstreamStream(received.toByteArray());
                    if (!sofar.requests().isEmpty() || sofar.ending() == StrictParse.Ending.INVALID) {
                        out.write(sofar.requests().isEmpty() ? REFUSAL : ANSWER);
                        answered = true;
                    } else if (!continued && sofar.ending() == StrictParse.Ending.INCOMPLETE && expectsContinue(received)) {
                        out.write(CONTINUE);
                        continued = true;
                    }
                }
            } catch (IOException ended) {
                // the proxy reset the connection, or it was cut at the end of the entry: what arrived is the record
            } finally {
                byte[] bytes = received.toByteArray();
                result = new UpstreamConnection(new String(bytes, StandardCharsets.ISO_8859_1), StrictHttp1Parser.parseUpstreamStream(bytes));
            }
        }

        private static boolean expectsContinue(ByteArrayOutputStream received) {
            String text = received.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            return text.contains("\r\n\r\n") && text.contains("\r\nexpect: 100-continue\r\n");
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
