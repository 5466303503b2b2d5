package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.routing.Buffering;
import dev.gatehouse.routing.RequestPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proxy-buffering beyond the memory buffers, through real sockets: a client that does not read yet, an upstream that
 * answers far more than the memory and the sockets' buffers hold, and the directory the answer's file goes in.
 */
class ResponseFileBufferingTest {

    private static final int ANSWER_BYTES = 48 * 1024 * 1024;
    private static final byte[] ANSWER = new byte[ANSWER_BYTES];

    static {
        new Random(30).nextBytes(ANSWER);
    }

    @TempDir
    Path temp;

    @Test
    void aSlowClientsLargeAnswerWaitsInAFileWhileTheUpstreamConnectionServesAnotherRequest() throws Exception {
        Path files = temp.resolve("files");
        AtomicBoolean answered = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> serve(socket, answered));
             ProxyFixture fixture = proxyWith(files, Buffering.RESPONSE_FILE_BYTES, upstream.port());
             Socket slow = slowClient(fixture.port())) {
            send(slow, "/large");

            await().atMost(Duration.ofSeconds(30)).untilTrue(answered);
            // nothing of the answer was read yet: the upstream connection serves the next request from the pool
            await().atMost(Duration.ofSeconds(20)).until(() -> fixture.http.get("buffer.example", "/small").body().equals("reused"));
            assertThat(filesIn(files)).isEqualTo(1);

            InputStream in = slow.getInputStream();
            assertThat(RawUpstream.readHead(in)).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + ANSWER_BYTES);
            assertThat(sha256(in.readNBytes(ANSWER_BYTES))).isEqualTo(sha256(ANSWER));
            await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(files) == 0);
        }
    }

    @Test
    void theFileOfAnAnswerGoesWhenTheClientLeavesMidway() throws Exception {
        Path files = temp.resolve("files");
        AtomicBoolean answered = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> serve(socket, answered));
             ProxyFixture fixture = proxyWith(files, Buffering.RESPONSE_FILE_BYTES, upstream.port())) {
            try (Socket slow = slowClient(fixture.port())) {
                send(slow, "/large");
                await().atMost(Duration.ofSeconds(30)).untilTrue(answered);
                await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(files) == 1);
                assertThat(slow.getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(files) == 0);
        }
    }

    @Test
    void withoutATemporaryFileTheUpstreamIsReadOnlyAsFastAsTheClientTakesTheAnswer() throws Exception {
        Path files = temp.resolve("files");
        AtomicBoolean answered = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> serve(socket, answered));
             ProxyFixture fixture = proxyWith(files, 0, upstream.port());
             Socket slow = slowClient(fixture.port())) {
            send(slow, "/large");

            // more than the memory and the sockets' buffers hold: the upstream cannot finish while the client reads nothing
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !answered.get() && filesIn(files) == 0);

            InputStream in = slow.getInputStream();
            assertThat(RawUpstream.readHead(in)).startsWith("HTTP/1.1 200");
            assertThat(sha256(in.readNBytes(ANSWER_BYTES))).isEqualTo(sha256(ANSWER));
            assertThat(answered).isTrue();
        }
    }

    @Test
    void anUpstreamHeldBackByAFullFileIsNotTimedOutWhileTheClientCatchesUp() throws Exception {
        Path files = temp.resolve("files");
        AtomicBoolean answered = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> serve(socket, answered));
             ProxyFixture fixture = proxyWith(files, 1024 * 1024, upstream.port(), Duration.ofMillis(500));
             Socket slow = slowClient(fixture.port())) {
            send(slow, "/large");

            // the file fills and the upstream is no longer read, for longer than the upstream read timeout
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !answered.get() && filesIn(files) == 1);

            InputStream in = slow.getInputStream();
            assertThat(RawUpstream.readHead(in)).startsWith("HTTP/1.1 200");
            assertThat(sha256(in.readNBytes(ANSWER_BYTES))).isEqualTo(sha256(ANSWER));
            await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(files) == 0);
        }
    }

    private static ProxyFixture proxyWith(Path files, long fileBytes, int upstreamPort) {
        return proxyWith(files, fileBytes, upstreamPort, Duration.ofSeconds(60));
    }

    /** One event loop, so the second request finds the first one's pooled upstream connection. */
    private static ProxyFixture proxyWith(Path files, long fileBytes, int upstreamPort, Duration readTimeout) {
        ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().eventLoopThreads(1).requestBodyTempDir(files)
                .upstreamReadTimeout(readTimeout));
        Buffering buffering = new Buffering(false, Buffering.REQUEST_MEMORY_BYTES, true, Buffering.RESPONSE_BYTES, fileBytes);
        fixture.proxy.apply(new Snapshots().route("", "/", "up", RequestPolicy.DEFAULTS.withBuffering(buffering), upstreamPort)
                .build(1));
        return fixture;
    }

    private static Socket slowClient(int port) throws IOException {
        Socket client = new Socket();
        client.setReceiveBufferSize(16 * 1024);
        client.setSoTimeout(30_000);
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return client;
    }

    private static void send(Socket client, String path) throws IOException {
        client.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: buffer.example\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Keeps the connection: {@code /large} gets the large answer, {@code /small} gets "reused" on a connection that
     * answered {@code /large} before, and "new" (closing) on any other.
     */
    private static void serve(Socket socket, AtomicBoolean answered) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        boolean servedLarge = false;
        for (String head; !(head = RawUpstream.readHead(in)).isEmpty(); ) {
            if (head.startsWith("GET /large")) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + ANSWER_BYTES + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(ANSWER);
                out.flush();
                servedLarge = true;
                answered.set(true);
            } else {
                String body = servedLarge ? "reused" : "new";
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + (servedLarge ? "" : "\r\nConnection: close")
                        + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (!servedLarge) {
                    return;
                }
            }
        }
    }

    private static long filesIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
