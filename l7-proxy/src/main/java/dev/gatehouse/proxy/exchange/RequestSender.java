package dev.gatehouse.proxy.exchange;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The request on its way to the current attempt's connection: the head once the connection is attached, then the body
 * piece by piece, or, when it was buffered, all of it as fast as the upstream takes it. The client is not read while the
 * upstream cannot take more, and the send deadline runs only while the upstream holds the request up.
 */
final class RequestSender {

    private final ChannelHandlerContext ctx;
    private final RequestBody body;
    private final UpstreamLeg leg;
    private final ExchangeDeadlines deadlines;
    private final Downstream downstream;

    RequestSender(ChannelHandlerContext ctx, RequestBody body, UpstreamLeg leg, ExchangeDeadlines deadlines, Downstream downstream) {
        this.ctx = ctx;
        this.body = body;
        this.leg = leg;
        this.deadlines = deadlines;
        this.downstream = downstream;
    }

    /** The body is read whole before an upstream is chosen: a client waiting for 100 Continue is told to send it now. */
    void buffering() {
        if (body.expectsContinue()) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE), ctx.voidPromise());
        }
    }

    /** The attempt has its connection: what there is of the request goes out. */
    void attached(Channel upstream) {
        deadlines.attached(body.complete());
        body.sendHead(upstream, leg);
        if (body.sendingBuffered()) {
            deadlines.sendBlocked();
        }
        if (body.expectsContinue() && !body.complete()) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE), ctx.voidPromise());
        }
        downstream.upstreamBlocked(!body.complete() && !upstream.isWritable());
    }

    /** @return what became of the piece: past the route's limit or not storable (dropped), or the end of a buffered body */
    RequestBody.Relayed relay(HttpContent content) {
        RequestBody.Relayed relayed = body.relay(content, leg.channel(), leg);
        switch (relayed) {
            case COMPLETE -> {
                deadlines.requestSent();
                downstream.upstreamBlocked(false);
            }
            case BLOCKED -> {
                downstream.upstreamBlocked(true);
                deadlines.sendBlocked();
            }
            default -> {
            }
        }
        return relayed;
    }

    /** The upstream connection can take request bytes again. */
    void writable(boolean ended) {
        deadlines.sendUnblocked();
        if (!ended && body.sendingBuffered()) {
            if (body.writeBuffered(leg.channel())) {
                deadlines.requestSent();
            } else {
                deadlines.sendBlocked();
            }
        }
        if (!ended && !body.complete()) {
            downstream.upstreamBlocked(false);
        }
    }
}
