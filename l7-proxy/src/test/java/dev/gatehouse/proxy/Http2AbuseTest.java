package dev.gatehouse.proxy;

import static dev.gatehouse.proxy.testing.RawH2Client.CANCEL;
import static dev.gatehouse.proxy.testing.RawH2Client.CONTINUATION;
import static dev.gatehouse.proxy.testing.RawH2Client.ENHANCE_YOUR_CALM;
import static dev.gatehouse.proxy.testing.RawH2Client.HEADERS;
import static dev.gatehouse.proxy.testing.RawH2Client.REFUSED_STREAM;
import static dev.gatehouse.proxy.testing.RawH2Client.RST_STREAM;
import static dev.gatehouse.proxy.testing.RawH2Client.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.RawH2Client;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each HTTP/2 abuse limit through a real socket: the abusive connection is cut with GOAWAY (or, for one stream's
 * fault, that stream refused or reset), the event is counted by reason, and a second connection opened before the
 * abuse keeps working.
 */
class Http2AbuseTest {

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(1);

    private static TestUpstream upstream;
    private static TestUpstream large;
    private static ProxyFixture fixture;
    private H2cClient bystander;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start("echo");
        large = TestUpstream.start("large", exchange -> {
            byte[] body = new byte[1 << 20];
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        fixture = new ProxyFixture(ProxySettings.builder()
                .http2(Http2Limits.DEFAULT.withStreamStallTimeout(STALL_TIMEOUT)));
        fixture.proxy.apply(new Snapshots()
                .route("h2.example", "/", "echo", upstream.port())
                .route("large.example", "/", "large", large.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstream.close();
        large.close();
    }

    @BeforeEach
    void openBystander() {
        bystander = new H2cClient(fixture.port());
        assertThat(bystander.get("h2.example", "/before").status()).isEqualTo(200);
    }

    @AfterEach
    void bystanderStillWorks() {
        try (H2cClient open = bystander) {
            assertThat(open.get("h2.example", "/after").status()).isEqualTo(200);
        }
    }

    @Test
    void aRapidResetFloodIsCutWithGoawayBeforeHalfItsStreamsReachTheUpstream() {
        double before = abuse("rapid_reset");
        int streams = 1000;
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            for (int batch = 0; batch < streams / 100 && !client.closed(); batch++) {
                List<byte[]> frames = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int streamId = 2 * (batch * 100 + i) + 1;
                    frames.add(client.headers(streamId, RawH2Client.get("h2.example", "/reset/" + streamId), true));
                    frames.add(RawH2Client.rst(streamId, CANCEL));
                }
                if (!client.send(frames.toArray(byte[][]::new))) {
                    break;
                }
            }

            RawH2Client.Frame goAway = client.awaitGoAway();
            assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            assertThat(goAway.debugData()).contains("RST frames");
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("rapid_reset") == before + 1);
        assertThat(requestsTo("/reset/")).isLessThan(streams / 2);
    }

    @Test
    void aContinuationFloodIsCutLongBeforeOneMegabyteOfHeaderBlockIsHeld() {
        double before = abuse("header_list_size");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            client.send(RawH2Client.frame(HEADERS, 0, 1, client.headerBlock(RawH2Client.get("h2.example", "/continued"))));
            byte[] fragment = new byte[16_384];
            Arrays.fill(fragment, (byte) 'a');
            // four fragments are 64 KiB of a block that never ends; a proxy holding up to 1 MB would wait for more
            for (int i = 0; i < 4; i++) {
                client.send(RawH2Client.frame(CONTINUATION, 0, 1, fragment));
            }

            RawH2Client.Frame goAway = client.awaitGoAway();
            assertThat(goAway.debugData()).contains("Header size exceeded max allowed size (20480)");
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("header_list_size") == before + 1);
        assertThat(requestsTo("/continued")).isZero();
    }

    @Test
    void manySmallContinuationFramesAreCutWithGoaway() {
        double before = abuse("continuation_flood");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            byte[] block = client.headerBlock(RawH2Client.get("h2.example", "/trickle"));
            List<byte[]> frames = new ArrayList<>();
            frames.add(RawH2Client.frame(HEADERS, 0, 1, new byte[] {block[0]}));
            for (int i = 1; i < block.length; i++) {
                frames.add(RawH2Client.frame(CONTINUATION, i == block.length - 1 ? RawH2Client.END_HEADERS : 0, 1,
                        new byte[] {block[i]}));
            }
            assertThat(frames).hasSizeGreaterThan(16 + 1);
            client.send(frames.toArray(byte[][]::new));

            assertThat(client.awaitGoAway().errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("continuation_flood") == before + 1);
        assertThat(requestsTo("/trickle")).isZero();
    }

    @Test
    void aHeaderListOverTheLimitIsAnswered431AndNeverReachesTheUpstream() {
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            Http2Headers headers = RawH2Client.get("h2.example", "/big-headers").add("x-big", "b".repeat(17_000));
            client.send(splitHeaders(client, 1, headers));

            RawH2Client.Frame answer = client.awaitAnswer(1);
            assertThat(answer.type()).isEqualTo(HEADERS);
            assertThat(answer.headers().status()).hasToString("431");
        }
        assertThat(requestsTo("/big-headers")).isZero();
    }

    @Test
    void anHpackBombIsAnswered431AndNeverReachesTheUpstream() {
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            Http2Headers headers = RawH2Client.get("h2.example", "/bomb");
            for (int i = 0; i < 200; i++) {
                headers.add("x-bomb", "z".repeat(4000));
            }
            byte[] block = client.headerBlock(headers);
            // one 4 KB literal, then a byte per copy: a small block that decodes to 800 KB
            assertThat(block.length).isLessThan(16_384);
            client.send(RawH2Client.frame(HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1, block));

            RawH2Client.Frame answer = client.awaitAnswer(1);
            assertThat(answer.type()).isEqualTo(HEADERS);
            assertThat(answer.headers().status()).hasToString("431");
        }
        assertThat(requestsTo("/bomb")).isZero();
    }

    @Test
    void aFloodOfEmptyDataFramesIsCutWithGoaway() {
        double before = abuse("empty_data_frames");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            Http2Headers post = RawH2Client.get("h2.example", "/empty").method("POST");
            client.send(client.headers(1, post, false), RawH2Client.data(1, new byte[0], false),
                    RawH2Client.data(1, new byte[0], false), RawH2Client.data(1, new byte[0], false));

            assertThat(client.awaitGoAway().errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("empty_data_frames") == before + 1);
    }

    @Test
    void aPingFloodFromAClientThatDoesNotReadIsCutOnceTooManyAnswersQueueUp() {
        assertControlFrameFloodIsCut(i -> RawH2Client.ping(i));
    }

    @Test
    void aSettingsFloodFromAClientThatDoesNotReadIsCutOnceTooManyAnswersQueueUp() {
        assertControlFrameFloodIsCut(i -> RawH2Client.settings(new byte[0]));
    }

    private void assertControlFrameFloodIsCut(Function<Long, byte[]> frame) {
        double before = abuse("control_frame_flood");
        // enough answers (17 bytes each) to fill the kernel's buffers between the proxy and a client that reads
        // nothing, and then the proxy's limit of 1000 queued answers; the loop ends when the proxy cuts the connection
        int batches = 2000;
        int batch = 500;
        boolean cut = false;
        try (RawH2Client client = new RawH2Client(fixture.port(), new byte[0], 4096)) {
            for (int b = 0; b < batches && !cut; b++) {
                byte[][] frames = new byte[batch][];
                for (int i = 0; i < batch; i++) {
                    frames[i] = frame.apply((long) b * batch + i);
                }
                cut = !client.send(frames);
            }
        }
        assertThat(cut).as("the connection was cut").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("control_frame_flood") == before + 1);
    }

    @Test
    void aPriorityFloodOnIdleStreamsIsCutWithGoaway() {
        double before = abuse("priority_flood");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            byte[][] frames = new byte[150][];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = RawH2Client.priority(2 * i + 101, 0);
            }
            client.send(frames);

            assertThat(client.awaitGoAway().errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("priority_flood") == before + 1);
    }

    @Test
    void aWindowUpdateFloodIsCutWithGoaway() {
        double before = abuse("window_update_flood");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            byte[][] frames = new byte[20][];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = RawH2Client.windowUpdate(0, 1);
            }
            client.send(frames);

            assertThat(client.awaitGoAway().errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("window_update_flood") == before + 1);
    }

    @Test
    void aClientThatProvokesMoreThanTwoHundredStreamErrorsIsCutWithGoaway() {
        double before = abuse("excess_stream_errors");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                frames.add(client.headers(2 * i + 1, RawH2Client.get("h2.example", "/malformed").add("x-note", "a\rb"), true));
            }
            client.send(frames.toArray(byte[][]::new));

            assertThat(client.awaitGoAway().errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("excess_stream_errors") == before + 1);
        assertThat(requestsTo("/malformed")).isZero();
    }

    @Test
    void aMalformedFrameIsAConnectionErrorCountedAsAProtocolError() {
        double before = abuse("protocol_error");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            client.send(RawH2Client.windowUpdate(0, 0));

            assertThat(client.awaitGoAway().errorCode()).isEqualTo(RawH2Client.PROTOCOL_ERROR);
            client.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("protocol_error") == before + 1);
    }

    @Test
    void aStreamBeyondOneHundredAtOnceIsRefusedAndTheConnectionGoesOn() {
        double before = abuse("max_concurrent_streams");
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            RawH2Client.Frame settings = client.await(frame -> frame.type() == SETTINGS && (frame.flags() & 1) == 0);
            assertThat(settingsOf(settings)).containsEntry((int) Http2CodecUtil.SETTINGS_MAX_CONCURRENT_STREAMS, 100L);

            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                // a POST whose body never comes keeps its stream open
                frames.add(client.headers(2 * i + 1, RawH2Client.get("h2.example", "/open/" + i).method("POST"), false));
            }
            client.send(frames.toArray(byte[][]::new));

            RawH2Client.Frame refused = client.awaitAnswer(201);
            assertThat(refused.type()).isEqualTo(RST_STREAM);
            assertThat(refused.errorCode()).isEqualTo(REFUSED_STREAM);
            assertThat(client.received()).noneMatch(frame -> frame.type() == RawH2Client.GOAWAY);
            assertThat(client.send(RawH2Client.rst(1, CANCEL), client.headers(203, RawH2Client.get("h2.example", "/after-refusal"), true)))
                    .isTrue();
            assertThat(client.awaitAnswer(203).headers().status()).hasToString("200");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("max_concurrent_streams") == before + 1);
    }

    @Test
    void aStreamStalledByAClosedWindowIsResetAfterTheStallTimeout() {
        double before = abuse("stalled_stream");
        byte[] noWindow = RawH2Client.setting(Http2CodecUtil.SETTINGS_INITIAL_WINDOW_SIZE, 0);
        try (RawH2Client client = new RawH2Client(fixture.port(), noWindow, 0)) {
            client.send(client.headers(1, RawH2Client.get("large.example", "/large"), true));

            assertThat(client.awaitAnswer(1).headers().status()).hasToString("200");
            RawH2Client.Frame reset = client.await(frame -> frame.streamId() == 1 && frame.type() == RST_STREAM);
            assertThat(reset.errorCode()).isEqualTo(CANCEL);
            assertThat(client.received()).noneMatch(frame -> frame.type() == RawH2Client.GOAWAY);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abuse("stalled_stream") == before + 1);
    }

    private static byte[] splitHeaders(RawH2Client client, int streamId, Http2Headers headers) {
        byte[] block = client.headerBlock(headers);
        int first = Math.min(block.length, 16_384);
        ByteBuffer frames = ByteBuffer.allocate(block.length + 18);
        frames.put(RawH2Client.frame(HEADERS, first == block.length ? RawH2Client.END_HEADERS | RawH2Client.END_STREAM
                : RawH2Client.END_STREAM, streamId, Arrays.copyOfRange(block, 0, first)));
        if (first < block.length) {
            frames.put(RawH2Client.frame(CONTINUATION, RawH2Client.END_HEADERS, streamId,
                    Arrays.copyOfRange(block, first, block.length)));
        }
        return Arrays.copyOf(frames.array(), frames.position());
    }

    private static Map<Integer, Long> settingsOf(RawH2Client.Frame frame) {
        ByteBuffer payload = ByteBuffer.wrap(frame.payload());
        Map<Integer, Long> settings = new java.util.HashMap<>();
        while (payload.remaining() >= 6) {
            settings.put(payload.getShort() & 0xffff, Integer.toUnsignedLong(payload.getInt()));
        }
        return settings;
    }

    private static long requestsTo(String prefix) {
        return upstream.requests().stream().filter(request -> request.get("uri").startsWith(prefix)).count();
    }

    private static double abuse(String reason) {
        for (MetricSnapshot metric : fixture.registry.scrape()) {
            if (metric instanceof CounterSnapshot counter && counter.getMetadata().getName().equals("gatehouse_http2_abuse")) {
                return counter.getDataPoints().stream().filter(point -> reason.equals(point.getLabels().get("reason")))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }
}
