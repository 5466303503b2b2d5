package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.routing.Buffering;
import dev.gatehouse.routing.RequestPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proxy-request-buffering through real sockets: a client that sends its body in parts, and an upstream that notes, when
 * its connection opens, whether the client had finished.
 */
class RequestBufferingTest {

    private static final Buffering ON = new Buffering(true, 8 * 1024, false, Buffering.RESPONSE_BYTES, Buffering.RESPONSE_FILE_BYTES);
    private static final Buffering OFF = new Buffering(false, 8 * 1024, false, Buffering.RESPONSE_BYTES, Buffering.RESPONSE_FILE_BYTES);

    @TempDir
    Path temp;

    /** What the upstream saw of one request. */
    record Seen(boolean clientDoneAtConnect, String head, long length, String sha256) {
    }

    /** An upstream that reads a Content-Length body, checksums it and answers 200. */
    private static final class BodyUpstream implements AutoCloseable {
        final AtomicBoolean clientDone = new AtomicBoolean();
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final List<byte[]> firstBytes = new CopyOnWriteArrayList<>();
        final RawUpstream server = RawUpstream.start(this::serve);

        private void serve(Socket socket) throws IOException {
            boolean doneAtConnect = clientDone.get();
            InputStream in = socket.getInputStream();
            String head = RawUpstream.readHead(in);
            String lower = head.toLowerCase();
            if (!lower.contains("content-length:")) {
                // a streamed body: what arrives first is all this upstream looks at
                firstBytes.add(in.readNBytes(16));
                seen.add(new Seen(doneAtConnect, head, -1, ""));
                return;
            }
            int from = lower.indexOf("content-length:") + 15;
            long length = Long.parseLong(lower.substring(from, lower.indexOf("\r\n", from)).trim());
            MessageDigest digest = sha256();
            byte[] buffer = new byte[16 * 1024];
            for (long left = length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return;
                }
                digest.update(buffer, 0, read);
                left -= read;
            }
            seen.add(new Seen(doneAtConnect, head, length, HexFormat.of().formatHex(digest.digest())));
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private ProxyFixture proxy(Buffering buffering, long bodyLimit, BodyUpstream upstream) {
        ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxRequestBodyBytes(bodyLimit)
                .requestBodyTempDir(bodies()));
        fixture.proxy.apply(new Snapshots().route("", "/", "up", RequestPolicy.DEFAULTS.withBuffering(buffering), upstream.port())
                .build(1));
        return fixture;
    }

    private Path bodies() {
        return temp.resolve("bodies");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> listed = Files.list(bodies())) {
            return listed.toList();
        }
    }

    private static byte[] body(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String chunk(byte[] body, int from, int to) {
        return Integer.toHexString(to - from) + "\r\n" + new String(body, from, to - from, StandardCharsets.ISO_8859_1) + "\r\n";
    }

    private static String sha256Of(byte[] body) {
        return HexFormat.of().formatHex(sha256().digest(body));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withBufferingOnALargeChunkedBodyWaitsInAnOwnerOnlyFileAndTheUpstreamIsConnectedOnlyOnceItIsAllThere() throws IOException {
        byte[] body = body(300 * 1024);
        try (BodyUpstream upstream = new BodyUpstream();
             ProxyFixture fixture = proxy(ON, 1024 * 1024, upstream);
             RawClient client = new RawClient(fixture.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: buffer.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk(body, 0, 100 * 1024));

            // past the 8 KiB in memory, the body waits in a file that only the proxy's user may read
            await().atMost(Duration.ofSeconds(10)).until(() -> files().size() == 1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bodies()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().get(0)))).isEqualTo("rw-------");
            assertThat(upstream.server.connections()).isZero();
            upstream.clientDone.set(true);
            client.send(chunk(body, 100 * 1024, body.length) + "0\r\n\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
            assertThat(upstream.seen).singleElement().satisfies(seen -> {
                assertThat(seen.clientDoneAtConnect()).isTrue();
                assertThat(seen.head()).containsIgnoringCase("content-length: " + body.length)
                        .doesNotContainIgnoringCase("transfer-encoding");
                assertThat(seen.sha256()).isEqualTo(sha256Of(body));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> files().isEmpty());
        }
    }

    @Test
    void aClientThatGoesAwayMidBodyLeavesNoFileAndNoUpstreamConnection() throws IOException {
        byte[] body = body(64 * 1024);
        try (BodyUpstream upstream = new BodyUpstream();
             ProxyFixture fixture = proxy(ON, 1024 * 1024, upstream)) {
            try (RawClient client = new RawClient(fixture.port())) {
                client.send("POST /upload HTTP/1.1\r\nHost: buffer.example\r\nContent-Length: 500000\r\n\r\n"
                        + new String(body, StandardCharsets.ISO_8859_1));
                await().atMost(Duration.ofSeconds(10)).until(() -> files().size() == 1);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> files().isEmpty());
            assertThat(upstream.server.connections()).isZero();
        }
    }

    @Test
    void aBufferedBodyThatGrowsPastTheLimitIsAnswered413WithoutTouchingTheUpstream() throws IOException {
        byte[] body = body(150 * 1024);
        try (BodyUpstream upstream = new BodyUpstream();
             ProxyFixture fixture = proxy(ON, 100 * 1024, upstream);
             RawClient client = new RawClient(fixture.port())) {
            StringBuilder request = new StringBuilder("POST /upload HTTP/1.1\r\nHost: buffer.example\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int from = 0; from < body.length; from += 16 * 1024) {
                request.append(chunk(body, from, Math.min(body.length, from + 16 * 1024)));
            }
            client.send(request.toString());

            assertThat(client.readResponse()).startsWith("HTTP/1.1 413").endsWith("larger than 102400 bytes\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> files().isEmpty());
            assertThat(upstream.server.connections()).isZero();
        }
    }

    @Test
    void withBufferingOffTheUpstreamSeesTheFirstBytesBeforeTheClientFinished() throws IOException {
        try (BodyUpstream upstream = new BodyUpstream();
             ProxyFixture fixture = proxy(OFF, 1024 * 1024, upstream);
             RawClient client = new RawClient(fixture.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: buffer.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "10\r\nfirst sixteen by\r\n");

            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.firstBytes.size() == 1);
            assertThat(new String(upstream.firstBytes.get(0), StandardCharsets.ISO_8859_1)).isEqualTo("10\r\nfirst sixtee");
            assertThat(upstream.seen).singleElement().satisfies(seen -> assertThat(seen.clientDoneAtConnect()).isFalse());
            assertThat(files()).isEmpty();
        }
    }

    @Test
    void aClientThatExpectsContinueIsToldToSendItsBodyWhichThenGoesUpWhole() throws IOException {
        byte[] body = body(20 * 1024);
        try (BodyUpstream upstream = new BodyUpstream();
             ProxyFixture fixture = proxy(ON, 1024 * 1024, upstream);
             RawClient client = new RawClient(fixture.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: buffer.example\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\n\r\n");

            assertThat(client.readHead()).startsWith("HTTP/1.1 100 Continue");
            assertThat(upstream.server.connections()).isZero();
            upstream.clientDone.set(true);
            client.send(new String(body, StandardCharsets.ISO_8859_1));
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
            assertThat(upstream.seen).singleElement().satisfies(seen -> {
                assertThat(seen.clientDoneAtConnect()).isTrue();
                assertThat(seen.head()).doesNotContainIgnoringCase("expect:");
                assertThat(seen.sha256()).isEqualTo(sha256Of(body));
            });
        }
    }

    @Test
    void anHttp2BodyWithoutALengthGoesUpWholeWithOne() {
        byte[] body = body(100 * 1024);
        try (BodyUpstream upstream = new BodyUpstream();
             ProxyFixture fixture = proxy(ON, 1024 * 1024, upstream);
             H2cClient client = new H2cClient(fixture.port())) {
            H2cClient.Response response = client.post("buffer.example", "/upload", body);

            assertThat(response.status()).isEqualTo(200);
            assertThat(upstream.seen).singleElement().satisfies(seen -> {
                assertThat(seen.head()).containsIgnoringCase("content-length: " + body.length)
                        .doesNotContainIgnoringCase("transfer-encoding");
                assertThat(seen.sha256()).isEqualTo(sha256Of(body));
            });
        }
    }
}
