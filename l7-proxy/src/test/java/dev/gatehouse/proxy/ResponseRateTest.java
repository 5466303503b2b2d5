package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.ResponseRate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A route's response rate (nginx's limit_rate and limit_rate_after) through a real proxy: how long a large answer
 * takes is bounded from below by its size and the rate (nginx allows the current second's worth at once), the initial
 * amount goes unpaced, and the proxy does not read the upstream faster than the client is served. Only lower bounds on
 * time, and upper bounds derived from what pacing would have cost, so a slow machine cannot fail them.
 */
class ResponseRateTest {

    private static final int KB = 1024;

    private static TestUpstream files;
    private static RawUpstream firehose;
    private static RawUpstream closing;
    private static final AtomicLong firehoseWritten = new AtomicLong();
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        files = TestUpstream.start("files", exchange -> {
            byte[] body = new byte[Integer.parseInt(exchange.getRequestURI().getPath().substring(1)) * KB];
            Arrays.fill(body, (byte) 'x');
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        // answers 64 MiB as fast as the proxy takes it, counting what the proxy's connection accepted
        firehose = RawUpstream.start(socket -> {
            socket.setSendBufferSize(32 * KB);
            RawUpstream.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            long length = 64L * KB * KB;
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * KB];
            for (long left = length; left > 0; left -= chunk.length) {
                out.write(chunk);
                firehoseWritten.addAndGet(chunk.length);
            }
        });
        // answers 128 KiB and closes its connection at once
        closing = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + 128 * KB + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[128 * KB]);
        });
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .route("paced.example", "/", "files", paced(50 * KB, 0), files.port())
                .route("after.example", "/", "files-after", paced(32 * KB, 256 * KB), files.port())
                .route("firehose.example", "/", "firehose", paced(64 * KB, 0), firehose.port())
                .route("closing.example", "/", "closing", paced(32 * KB, 0), closing.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        files.close();
        firehose.close();
        closing.close();
    }

    @Test
    void aLargeAnswerTakesAtLeastItsSizeOverTheRateLessTheSecondNginxAllowsAtOnce() throws IOException {
        long started = System.nanoTime();
        byte[] body = download("paced.example", "/200", Long.MAX_VALUE).body();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(body).hasSize(200 * KB);
        // 200 KiB at 50 KiB/s with 50 KiB allowed at once: the last byte may not leave before 3 s
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }

    @Test
    void theInitialAmountGoesAtOnceAndOnlyTheRestIsPaced() throws IOException {
        long started = System.nanoTime();
        Download download = download("after.example", "/352", 256 * KB);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(download.body()).hasSize(352 * KB);
        // paced from the first byte, 256 KiB at 32 KiB/s would have needed 7 s
        assertThat(download.untilMark()).isLessThan(Duration.ofSeconds(7));
        // the 96 KiB after the initial 256 KiB, less the second's 32 KiB allowed at once: at least 2 s
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void anAnswerHeldForThePaceReachesTheClientWholeThoughItsUpstreamClosedRightAfterIt() throws IOException {
        long started = System.nanoTime();
        byte[] body = download("closing.example", "/", Long.MAX_VALUE).body();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(body).hasSize(128 * KB);
        // 128 KiB at 32 KiB/s with 32 KiB allowed at once
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }

    @Test
    void theUpstreamIsNotReadFasterThanTheClientIsServed() throws IOException {
        long before = firehoseWritten.get();
        HttpResponse<InputStream> response = fixture.http.send(fixture.http.request("firehose.example", "/").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            // two seconds' worth at 64 KiB/s, after the second's worth that goes at once
            byte[] received = in.readNBytes(192 * KB);
            assertThat(received).hasSize(192 * KB);
            long taken = firehoseWritten.get() - before;
            // what the sockets' buffers and one held read can take, far below the 64 MiB a proxy that reads on
            // would have accepted by now
            assertThat(taken).isLessThan(8L * KB * KB);
        }
    }

    private static RequestPolicy paced(long bytesPerSecond, long afterBytes) {
        return RequestPolicy.DEFAULTS.withResponseRate(new ResponseRate(bytesPerSecond, afterBytes));
    }

    /** The body, and how long its first {@code mark} bytes took from the request. */
    private record Download(byte[] body, Duration untilMark) {
    }

    private static Download download(String host, String path, long mark) throws IOException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = fixture.http.send(fixture.http.request(host, path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            byte[] head = mark == Long.MAX_VALUE ? new byte[0] : in.readNBytes((int) mark);
            Duration untilMark = Duration.ofNanos(System.nanoTime() - started);
            byte[] rest = in.readAllBytes();
            byte[] body = Arrays.copyOf(head, head.length + rest.length);
            System.arraycopy(rest, 0, body, head.length, rest.length);
            return new Download(body, untilMark);
        }
    }
}
