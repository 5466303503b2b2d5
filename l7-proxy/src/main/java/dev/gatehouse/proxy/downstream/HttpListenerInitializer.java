package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.Http2Limits;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.http.DecodedRequestHeaders;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.DeadlineTimer;
import dev.gatehouse.proxy.net.ProxyProtocolHandler;
import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipelines of a client connection, in order. Every connection starts with:
 * <ol>
 *   <li>{@code proxy-protocol}, {@code proxy-protocol-peer}: the PROXY protocol header, when enabled;</li>
 *   <li>{@code tls}: on the HTTPS listener, the handshake with the certificate for the client's server
 *       name ({@link SniCertificates}); the rest of the pipeline sees plain text; {@code tls-handshakes}
 *       counts how it went (a name passed through without decrypting leaves this pipeline for a relay there,
 *       see the {@code tcp} package's {@code PassthroughSni});</li>
 *   <li>{@code guard}: the connection limit and the open-connection count;</li>
 *   <li>{@code detect}: HTTP/2 with prior knowledge or HTTP/1.x, by the first bytes;</li>
 *   <li>{@code peer-failures}: counts and closes on what failed and no handler before it handled
 *       ({@link PeerFailures}); it stays last.</li>
 * </ol>
 * then {@link #http1} or {@link #http2} replaces {@code detect}.
 */
public final class HttpListenerInitializer extends ChannelInitializer<Channel> implements ProtocolPipelines {

    private final ProxyContext proxy;
    private final Supplier<? extends ChannelHandler> tls;

    /** @param certificates for the HTTPS listener; null for plain HTTP */
    public HttpListenerInitializer(ProxyContext proxy, SniCertificates certificates) {
        this.proxy = proxy;
        this.tls = certificates == null ? null : () -> new SniHandler(certificates);
    }

    private HttpListenerInitializer(ProxyContext proxy, Supplier<? extends ChannelHandler> tls) {
        this.proxy = proxy;
        this.tls = tls;
    }

    /**
     * The HTTPS listener's pipelines, whose first TLS handler reads the ClientHello and puts the handshake with the
     * certificate for the client's server name in its place, or passes the connection through instead.
     */
    public static HttpListenerInitializer https(ProxyContext proxy, Supplier<? extends ChannelHandler> tls) {
        return new HttpListenerInitializer(proxy, tls);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (proxy.settings().proxyProtocol()) {
            pipeline.addLast("proxy-protocol", new HAProxyMessageDecoder())
                    .addLast("proxy-protocol-peer", new ProxyProtocolHandler());
        }
        if (tls != null) {
            pipeline.addLast("tls", tls.get())
                    .addLast("tls-handshakes", new TlsHandshakes(proxy.metrics()));
        }
        pipeline.addLast("guard", new ConnectionGuard(proxy))
                .addLast("detect", new ProtocolDetector(this, proxy.settings().clientHeaderTimeout().toNanos()))
                .addLast(PeerFailures.NAME, new PeerFailures("downstream", proxy.metrics().connectionFailures));
    }

    @Override
    public void http1(ChannelPipeline pipeline, String after) {
        ProxySettings settings = proxy.settings();
        pipeline.addAfter(after, "http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(settings.maxInitialLineLength())
                        .setMaxHeaderSize(settings.maxHeaderSize())
                        .setMaxChunkSize(65536)
                        .setHeadersFactory(DecodedRequestHeaders.FACTORY)))
                // header timeout (408) and keep-alive timeout
                .addAfter("http", "timeouts", new ClientTimeouts(settings.clientHeaderTimeout().toNanos(),
                        settings.keepAliveTimeout().toNanos()))
                // routes each request and relays it upstream, or answers it
                .addAfter("timeouts", DownstreamHandler.NAME, new DownstreamHandler(proxy))
                // client-body-timeout (408)
                .addBefore(DownstreamHandler.NAME, BodyReadTimeout.NAME, new BodyReadTimeout(BodyReadTimeout.timeoutNanos(proxy)));
        addCompressor(pipeline);
    }

    /** {@code compress} before the last handler, when the live snapshot compresses anything (the proxy's own 408 is not). */
    private void addCompressor(ChannelPipeline pipeline) {
        ResponseCompressor compressor = ResponseCompressor.forNewChannel(proxy);
        if (compressor != null) {
            pipeline.addBefore(DownstreamHandler.NAME, ResponseCompressor.NAME, compressor);
        }
    }

    /**
     * HTTP/2 with prior knowledge after {@code after}: each stream gets the same request handling as HTTP/1. The
     * codec holds the client to {@link Http2Limits} and refuses malformed requests (RFC 9113 §8) as
     * stream errors before a stream sees them ({@code stream-errors} answers those found once it had begun); {@code stall}
     * resets a stream the client stopped reading; the streams' deadlines share one timer of the connection; {@code goaway-first}
     * holds a connection error back from {@code peer-failures} until the codec has answered it. A stream compresses as an
     * HTTP/1 connection does, with {@code compress} on its HTTP objects, so both decide the same way; the frame-to-object
     * codec drops the chunked framing the compressor sets (Netty's {@code CompressorHttp2ConnectionEncoder} would sit under
     * the frame codec and still need the same decision, made here, in a Content-Encoding header).
     */
    @Override
    public void http2(ChannelPipeline pipeline, String after) {
        ProxySettings settings = proxy.settings();
        long stallTimeout = settings.http2().streamStallTimeout().toNanos();
        var stalled = proxy.metrics().http2Abuse.labelValues(Http2Abuse.STALLED_STREAM.label());
        long bodyTimeout = BodyReadTimeout.timeoutNanos(proxy);
        DeadlineTimer streamsTimer = new DeadlineTimer(pipeline.channel().eventLoop());
        pipeline.channel().closeFuture().addListener(closed -> streamsTimer.cancel());
        pipeline.addAfter(after, "h2", GuardedHttp2FrameCodec.forClientConnection(settings, proxy.metrics().http2Abuse))
                .addAfter("h2", "idle", new IdleStateHandler(0, 0, settings.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS))
                .addAfter("idle", "idle-close", new IdleClose())
                .addAfter("idle-close", "streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.pipeline()
                                .addLast("stall", new StalledStreamTimeout(stallTimeout, stalled, streamsTimer))
                                .addLast("stream-errors", new StreamErrorReset())
                                .addLast("http", new Http2StreamFrameToHttpObjectCodec(true))
                                .addLast(BodyReadTimeout.NAME, new BodyReadTimeout(bodyTimeout))
                                .addLast(DownstreamHandler.NAME, new DownstreamHandler(proxy, streamsTimer))
                                .addLast(PeerFailures.NAME, new PeerFailures("downstream", proxy.metrics().connectionFailures));
                        addCompressor(stream.pipeline());
                    }
                }))
                .addAfter("streams", "goaway-first", new GoAwayFirst());
    }

    /**
     * Lets the codec's GOAWAY go out before {@link PeerFailures} counts a connection error and closes: the codec passes
     * the error on before it answers it, and a close in between would replace its error code with NO_ERROR.
     */
    private static final class GoAwayFirst extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof Http2Exception) {
                ctx.executor().execute(() -> ctx.fireExceptionCaught(cause));
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }

    /** Closes an HTTP/2 connection (with GOAWAY) that carried nothing for the keep-alive timeout. */
    private static final class IdleClose extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }
    }
}
