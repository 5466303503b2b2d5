package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells HTTP/2 with prior knowledge (h2c: the connection starts with {@code PRI * HTTP/2.0}) from
 * HTTP/1.x by the first bytes, sets up the matching pipeline after itself and leaves; the bytes it read
 * go on to the new handlers. A connection that sends nothing within the header timeout is closed.
 */
final class ProtocolDetector extends ByteToMessageDecoder implements Runnable {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ProtocolPipelines pipelines;
    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeout;

    ProtocolDetector(ProtocolPipelines pipelines, long timeoutNanos) {
        this.pipelines = pipelines;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        ctx = context;
        timeout = context.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        super.channelActive(context);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        int available = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < available; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                decided();
                pipelines.http1(context.pipeline(), context.name());
                context.pipeline().remove(this);
                return;
            }
        }
        if (available == PREFACE.length) {
            decided();
            pipelines.http2(context.pipeline(), context.name());
            context.pipeline().remove(this);
        }
    }

    /** A client that closed (or half-closed: FIN) after the first bytes, before they told the protocol. */
    @Override
    protected void decodeLast(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            PeerFailures.count(context.channel(), "closed", "closed before the protocol could be told");
        }
    }

    private void decided() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void run() {
        if (ctx.pipeline().get(ProtocolDetector.class) == this) {
            PeerFailures.count(ctx.channel(), "timeout", "nothing sent within the header timeout");
            ctx.close();
        }
    }
}
