package dev.gatehouse.proxy.downstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Exception;

/**
 * Resets an HTTP/2 stream that the codec found malformed (RFC 9113 §8.1.1: a content-length that disagrees with the
 * DATA, a missing pseudo-header, one in the trailers) with the codec's error code, PROTOCOL_ERROR. Without it the
 * multiplexer would close the stream first and the client would read CANCEL. The stream's handlers learn of the
 * end through its closing, as with any reset.
 */
final class StreamErrorReset extends ChannelInboundHandlerAdapter {

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception.StreamException streamError) {
            // the multiplexer closes the stream right after this, with CANCEL unless it was reset already
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(streamError.error()));
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
