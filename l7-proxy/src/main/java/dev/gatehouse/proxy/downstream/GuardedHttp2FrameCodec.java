package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.Http2Limits;
import dev.gatehouse.proxy.ProxySettings;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.prometheus.metrics.core.metrics.Counter;

/**
 * The HTTP/2 frame codec of a client connection, with every limit of {@link Http2Limits} set and each
 * connection it cuts counted by reason. Build one per connection with {@link #forClientConnection}.
 */
final class GuardedHttp2FrameCodec extends Http2FrameCodec {

    private final Counter abuse;
    private boolean cut;

    private GuardedHttp2FrameCodec(Http2ConnectionEncoder encoder, Http2ConnectionDecoder decoder, Http2Settings settings,
                                   boolean decoupleCloseAndGoAway, boolean flushPreface, Http2FrameBudget budget, Counter abuse) {
        super(encoder, decoder, settings, decoupleCloseAndGoAway, flushPreface);
        this.abuse = abuse;
        // the getter gives the codec's own listener, without Netty's reset and empty-DATA decorators, which the
        // setter puts back around the checks
        decoder.frameListener(new Http2RequestChecks(decoder.frameListener(), budget));
    }

    static Http2FrameCodec forClientConnection(ProxySettings settings, Counter abuse) {
        Http2Limits limits = settings.http2();
        Http2FrameBudget budget = new Http2FrameBudget(limits);
        return new Builder(budget, abuse)
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .maxHeaderListSize(settings.maxHeaderSize()))
                .validateHeaders(true)
                .validateRequiredPseudoHeaders(true)
                .frameLogger(new Http2FrameTally(budget, abuse.labelValues(Http2Abuse.MAX_CONCURRENT_STREAMS.label())))
                .decoderEnforceMaxRstFramesPerWindow(limits.maxResetsPerWindow(), (int) limits.resetWindow().toSeconds())
                .encoderEnforceMaxQueuedControlFrames(limits.maxQueuedControlFrames())
                .decoderEnforceMaxConsecutiveEmptyDataFrames(limits.maxConsecutiveEmptyDataFrames())
                .decoderEnforceMaxSmallContinuationFrames(limits.maxSmallContinuationFrames())
                .build();
    }

    @Override
    protected void onConnectionError(ChannelHandlerContext ctx, boolean outbound, Throwable cause, Http2Exception http2Ex) {
        // once per connection: frames still in hand after the first error can trip the same limit again
        if (http2Ex != null && !cut) {
            cut = true;
            abuse.labelValues(Http2AbuseReasons.of(http2Ex, outbound).label()).inc();
        }
        super.onConnectionError(ctx, outbound, cause, http2Ex);
    }

    /** Netty's builder, building this codec. */
    private static final class Builder extends Http2FrameCodecBuilder {
        private final Http2FrameBudget budget;
        private final Counter abuse;

        Builder(Http2FrameBudget budget, Counter abuse) {
            // as Http2FrameCodecBuilder.forServer()
            server(true);
            gracefulShutdownTimeoutMillis(0);
            this.budget = budget;
            this.abuse = abuse;
        }

        @Override
        protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
            GuardedHttp2FrameCodec codec = new GuardedHttp2FrameCodec(encoder, decoder, settings,
                    decoupleCloseAndGoAway(), flushPreface(), budget, abuse);
            codec.gracefulShutdownTimeoutMillis(gracefulShutdownTimeoutMillis());
            return codec;
        }
    }
}
