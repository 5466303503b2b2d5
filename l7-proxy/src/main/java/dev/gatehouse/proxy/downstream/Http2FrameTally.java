package dev.gatehouse.proxy.downstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.logging.LogLevel;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * Counts frames the proxy writes to one client connection. Netty's frame logger is its only hook that sees every
 * frame as written, after flow control split the DATA and including the RST_STREAM of a stream it refused before
 * creating it; this subclass counts instead of logging. DATA frames feed the {@link Http2FrameBudget}; a
 * REFUSED_STREAM reset is a client going past SETTINGS_MAX_CONCURRENT_STREAMS.
 */
final class Http2FrameTally extends Http2FrameLogger {

    private final Http2FrameBudget budget;
    private final CounterDataPoint refusedStreams;

    Http2FrameTally(Http2FrameBudget budget, CounterDataPoint refusedStreams) {
        super(LogLevel.TRACE, Http2FrameTally.class);
        this.budget = budget;
        this.refusedStreams = refusedStreams;
    }

    /** Never logs: the other frames, headers with credentials among them, go nowhere. */
    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public void logData(Direction direction, ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endStream) {
        if (direction == Direction.OUTBOUND) {
            budget.dataFrameSent();
        }
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.OUTBOUND && errorCode == Http2Error.REFUSED_STREAM.code()) {
            refusedStreams.inc();
        }
    }
}
