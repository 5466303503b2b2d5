package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.routing.Buffering;
import dev.gatehouse.routing.RequestPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** proxy-buffering through real sockets: a client that does not read yet, and an upstream that notes when it is let go. */
class ResponseBufferingTest {

    private static final int ANSWER_BYTES = 16 * 1024 * 1024;

    @Test
    void withResponseBufferingTheUpstreamConnectionIsLetGoBeforeASlowClientReadsTheAnswer() throws IOException {
        AtomicBoolean released = new AtomicBoolean();
        try (RawUpstream upstream = RawUpstream.start(socket -> answerThenAwaitClose(socket, released));
             ProxyFixture fixture = new ProxyFixture()) {
            Buffering buffering = new Buffering(false, Buffering.REQUEST_MEMORY_BYTES, true, 2L * ANSWER_BYTES, 0);
            fixture.proxy.apply(new Snapshots().route("", "/", "up", RequestPolicy.DEFAULTS.withBuffering(buffering), upstream.port())
                    .build(1));
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(16 * 1024);
                client.setSoTimeout(10_000);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.port()));
                client.getOutputStream().write("GET /large HTTP/1.1\r\nHost: buffer.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

                // nothing of the answer is read yet, and the upstream is already let go
                await().atMost(Duration.ofSeconds(20)).untilTrue(released);

                InputStream in = client.getInputStream();
                String head = RawUpstream.readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + ANSWER_BYTES);
                assertThat(in.readNBytes(ANSWER_BYTES)).hasSize(ANSWER_BYTES);
            }
        }
    }

    /** Answers with a large body and Connection: close, then waits for the proxy to close its side. */
    private static void answerThenAwaitClose(Socket socket, AtomicBoolean released) throws IOException {
        InputStream in = socket.getInputStream();
        RawUpstream.readHead(in);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + ANSWER_BYTES + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] block = new byte[64 * 1024];
        for (int sent = 0; sent < ANSWER_BYTES; sent += block.length) {
            out.write(block);
        }
        out.flush();
        if (in.read() < 0) {
            released.set(true);
        }
    }
}
