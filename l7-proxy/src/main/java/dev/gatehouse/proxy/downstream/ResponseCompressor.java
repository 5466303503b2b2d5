package dev.gatehouse.proxy.downstream;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.proxy.http.AcceptEncoding;
import dev.gatehouse.proxy.http.ResponseCompression;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.Compression;
import dev.gatehouse.routing.ProxyTuning;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.BrotliEncoder;
import io.netty.handler.codec.compression.BrotliMode;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses answers for the client ({@code compress}, before the last handler of an HTTP/1 connection or an HTTP/2
 * stream), with Netty's compressor doing the framing and {@link ResponseCompression} deciding. It is in the pipeline
 * only of connections opened while the snapshot compresses something, so a proxy that does not compress pays nothing.
 * Each request's settings are those of the snapshot live when it arrived; the queue of them follows Netty's own queue
 * of Accept-Encoding values, one per request, taken by each final (not 1xx) answer.
 */
final class ResponseCompressor extends HttpContentCompressor {

    /** Its name in the pipeline. */
    static final String NAME = "compress";

    private static final Logger log = LoggerFactory.getLogger(ResponseCompressor.class);
    private static final AtomicBoolean BROTLI_MISSING_TOLD = new AtomicBoolean();
    // gzip as nginx's gzip_window and gzip_hash defaults; brotli as ngx_brotli's brotli_window (512k)
    private static final int GZIP_WINDOW_BITS = 15;
    private static final int GZIP_MEM_LEVEL = 8;
    private static final int BROTLI_WINDOW_BITS = 19;

    private final Supplier<Compression> compression;
    private final boolean brotliAvailable;
    private final CounterDataPoint gzipCount;
    private final CounterDataPoint brotliCount;
    private final CounterDataPoint brotliUnavailable;
    // the requests not answered yet, which the pipelining client sent in this order
    private final ArrayDeque<Request> requests = new ArrayDeque<>(4);
    private Request answering;
    private ChannelHandlerContext ctx;

    private record Request(Compression compression, int accepted, boolean http10, String userAgent) {
    }

    /**
     * @param compression     what compresses a request arriving now
     * @param brotliAvailable whether brotli's native library is loaded
     */
    ResponseCompressor(Supplier<Compression> compression, boolean brotliAvailable, ProxyMetrics metrics) {
        // the downstream handler stops reading while a request waits, so at most one read's requests queue here
        super(0, Integer.MAX_VALUE, StandardCompressionOptions.gzip());
        this.compression = compression;
        this.brotliAvailable = brotliAvailable;
        this.gzipCount = metrics.compressedResponses.labelValues("gzip");
        this.brotliCount = metrics.compressedResponses.labelValues("br");
        this.brotliUnavailable = metrics.brotliUnavailable;
    }

    /** What the live snapshot compresses. */
    static Compression current(ProxyContext proxy) {
        return proxy.live().snapshot().tuning().map(ProxyTuning::compression).orElse(Compression.OFF);
    }

    /** A compressor for a new connection or stream, or null when the live snapshot compresses nothing. */
    static ResponseCompressor forNewChannel(ProxyContext proxy) {
        Compression compression = current(proxy);
        if (!compression.enabled()) {
            return null;
        }
        return new ResponseCompressor(() -> current(proxy), compression.brotli().enabled() && brotliLoaded(), proxy.metrics());
    }

    /** Whether brotli's native library loaded; said once, at INFO, when it did not. */
    private static boolean brotliLoaded() {
        if (Brotli.isAvailable()) {
            return true;
        }
        if (BROTLI_MISSING_TOLD.compareAndSet(false, true)) {
            log.info("brotli is enabled but its native library did not load ({}): answers that would be brotli go out gzip "
                    + "or as they are (gatehouse_compression_brotli_unavailable_total counts them)",
                    Brotli.cause() == null ? "brotli4j is not on the class path" : Causes.describe(Brotli.cause()));
        }
        return false;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) throws Exception {
        ctx = context;
        super.handlerAdded(context);
    }

    @Override
    protected void decode(ChannelHandlerContext context, HttpRequest request, List<Object> out) throws Exception {
        HttpHeaders headers = request.headers();
        List<String> acceptEncoding = headers.getAll(HttpHeaderNames.ACCEPT_ENCODING);
        int accepted = AcceptEncoding.accepted(acceptEncoding.size() == 1 ? acceptEncoding.get(0) : String.join(",", acceptEncoding));
        requests.add(new Request(compression.get(), accepted, HttpVersion.HTTP_1_0.equals(request.protocolVersion()),
                headers.get(HttpHeaderNames.USER_AGENT)));
        super.decode(context, request, out);
    }

    @Override
    protected void encode(ChannelHandlerContext context, HttpObject msg, List<Object> out) throws Exception {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            answering = requests.poll();
        }
        super.encode(context, msg, out);
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) {
        Request request = answering;
        if (request == null) {
            return null;
        }
        ResponseCompression.Choice choice = ResponseCompression.choose(request.compression(), request.accepted(), request.http10(),
                request.userAgent(), brotliAvailable, response);
        if (choice.vary()) {
            ResponseCompression.addVary(response.headers());
        }
        if (choice.brotliMissing()) {
            brotliUnavailable.inc();
        }
        return switch (choice.coding()) {
            case IDENTITY -> null;
            case GZIP -> {
                gzipCount.inc();
                yield encoded(response, "gzip", ZlibCodecFactory.newZlibEncoder(ZlibWrapper.GZIP,
                        request.compression().gzip().level(), GZIP_WINDOW_BITS, GZIP_MEM_LEVEL));
            }
            case BROTLI -> {
                brotliCount.inc();
                yield encoded(response, "br", new BrotliEncoder(StandardCompressionOptions.brotli(
                        request.compression().brotli().level(), BROTLI_WINDOW_BITS, BrotliMode.TEXT)));
            }
        };
    }

    /**
     * The encoder for the answer's body. As nginx does, the answer's strong ETag becomes weak (the bytes differ from the
     * identity's) and Accept-Ranges goes (ranges of the compressed bytes are not served).
     */
    private Result encoded(HttpResponse response, String coding, ChannelHandler encoder) {
        HttpHeaders headers = response.headers();
        String etag = headers.get(HttpHeaderNames.ETAG);
        if (etag != null && !etag.startsWith("W/")) {
            headers.set(HttpHeaderNames.ETAG, "W/" + etag);
        }
        headers.remove(HttpHeaderNames.ACCEPT_RANGES);
        Channel channel = ctx.channel();
        return new Result(coding, EmbeddedChannel.builder()
                .channelId(channel.id())
                .hasDisconnect(channel.metadata().hasDisconnect())
                .config(channel.config())
                .handlers(encoder)
                .build());
    }
}
