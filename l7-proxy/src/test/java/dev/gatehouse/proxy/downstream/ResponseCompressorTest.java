package dev.gatehouse.proxy.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.Compression;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compressor alone on a channel: which answer gets which coding, in the order the requests came. */
class ResponseCompressorTest {

    private static final byte[] BODY = "compressible text, ".repeat(100).getBytes(StandardCharsets.UTF_8);
    private static final Compression BOTH = Compression.OFF.withGzip(Compression.OFF.gzip().enabled(true))
            .withBrotli(Compression.OFF.brotli().enabled(true));

    private final ProxyMetrics metrics = new ProxyMetrics(new PrometheusRegistry());
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void withoutBrotlisNativeLibraryAClientThatAcceptsBothGetsGzipAndTheFallbackIsCounted() throws IOException {
        channel = new EmbeddedChannel(new ResponseCompressor(() -> BOTH, false, metrics));
        channel.writeInbound(request(HttpMethod.GET, "br, gzip"), request(HttpMethod.GET, "br"));

        channel.writeOutbound(answer(), answer());

        List<Answer> answers = answers();
        assertThat(answers.get(0).head().headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(gunzip(answers.get(0).body())).isEqualTo(BODY);
        assertThat(answers.get(1).head().headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(answers.get(1).body()).isEqualTo(BODY);
        assertThat(metrics.brotliUnavailable.get()).isEqualTo(2);
        assertThat(metrics.compressedResponses.labelValues("br").get()).isZero();
    }

    @Test
    void pipelinedRequestsAreAnsweredEachWithItsOwnCodingPastAnInterimAnswer() throws IOException {
        channel = new EmbeddedChannel(new ResponseCompressor(() -> BOTH, true, metrics));
        channel.writeInbound(request(HttpMethod.GET, "gzip"), request(HttpMethod.GET, null), request(HttpMethod.HEAD, "gzip"),
                request(HttpMethod.GET, "gzip;q=0.5, br"));

        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE), answer(), answer());
        FullHttpResponse head = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html").setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
        channel.writeOutbound(head, answer());

        List<Answer> answers = answers();
        assertThat(answers).extracting(answer -> answer.head().status().code()).containsExactly(100, 200, 200, 200, 200);
        assertThat(answers).extracting(answer -> answer.head().headers().get(HttpHeaderNames.CONTENT_ENCODING))
                .containsExactly(null, "gzip", null, null, "br");
        assertThat(gunzip(answers.get(1).body())).isEqualTo(BODY);
        assertThat(answers.get(2).body()).isEqualTo(BODY);
        assertThat(answers.get(3).head().headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(BODY.length);
    }

    @Test
    void anAnswerThatAlreadyVariesByAcceptEncodingIsNotToldTwice() {
        channel = new EmbeddedChannel(new ResponseCompressor(() -> BOTH, true, metrics));
        channel.writeInbound(request(HttpMethod.GET, "gzip"));
        FullHttpResponse varies = answer();
        varies.headers().add(HttpHeaderNames.VARY, "Origin, accept-encoding");

        channel.writeOutbound(varies);

        assertThat(answers().get(0).head().headers().getAll(HttpHeaderNames.VARY)).containsExactly("Origin, accept-encoding");
    }

    @Test
    void eachRequestKeepsTheSettingsLiveWhenItArrived() {
        Compression[] live = {BOTH};
        channel = new EmbeddedChannel(new ResponseCompressor(() -> live[0], true, metrics));
        channel.writeInbound(request(HttpMethod.GET, "gzip"));
        live[0] = Compression.OFF;
        channel.writeInbound(request(HttpMethod.GET, "gzip"));

        channel.writeOutbound(answer(), answer());

        assertThat(answers()).extracting(answer -> answer.head().headers().get(HttpHeaderNames.CONTENT_ENCODING))
                .containsExactly("gzip", null);
    }

    private static DefaultFullHttpRequest request(HttpMethod method, String acceptEncoding) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/");
        if (acceptEncoding != null) {
            request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        }
        return request;
    }

    private static FullHttpResponse answer() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(BODY));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
        return response;
    }

    private record Answer(HttpResponse head, byte[] body) {
    }

    /** What went out, one answer per head, with its body's bytes. */
    private List<Answer> answers() {
        for (Object request; (request = channel.readInbound()) != null; ) {
            ReferenceCountUtil.release(request);
        }
        List<Answer> answers = new ArrayList<>();
        HttpResponse head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (HttpObject out; (out = channel.readOutbound()) != null; ) {
            if (out instanceof HttpResponse response) {
                head = response;
                body.reset();
            }
            if (out instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                body.writeBytes(ByteBufUtil.getBytes(bytes));
                content.release();
            }
            if (out instanceof LastHttpContent) {
                answers.add(new Answer(head, body.toByteArray()));
            }
        }
        return answers;
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
