package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The upstream's answer of one exchange, piece by piece: its head is dropped (a 1xx interim answer, or a status the
 * route retries on), replaced by an error page, turned into a tunnel (a 101 to an upgrade) or relayed; its body follows
 * the head's fate, at the pace the client reads. The exchange's state moves, and its endings are reached, through its {@link ResponseOwner}.
 */
final class ResponseRelay implements UpstreamListener {

    private final ResponseOwner owner;
    private final AttemptLoop loop;
    private final Attempts attempts;
    private final ClientAnswer answer;
    private final RequestSender sender;
    private final ErrorPageHandover pages;
    private final boolean upgrade;
    private final ChannelHandlerContext ctx;
    private final UpstreamLeg leg;
    private final ExchangeDeadlines deadlines;
    private final ResponseReadAhead readAhead;
    private boolean upstreamReusable;

    ResponseRelay(ResponseOwner owner, AttemptLoop loop, Attempts attempts, ClientAnswer answer, RequestSender sender,
                  ErrorPageHandover pages, boolean upgrade, ChannelHandlerContext ctx, UpstreamLeg leg,
                  ExchangeDeadlines deadlines, ResponseReadAhead readAhead) {
        this.owner = owner;
        this.loop = loop;
        this.attempts = attempts;
        this.answer = answer;
        this.sender = sender;
        this.pages = pages;
        this.upgrade = upgrade;
        this.ctx = ctx;
        this.leg = leg;
        this.deadlines = deadlines;
        this.readAhead = readAhead;
    }

    /** Whether the upstream connection may serve another request once this answer is in. */
    boolean upstreamReusable() {
        return upstreamReusable;
    }

    /** A connection was attached: its reuse is up to the answer's head. */
    void attached() {
        upstreamReusable = true;
    }

    /** A body stalled mid-answer leaves the connection in no state to be reused. */
    void stalled() {
        upstreamReusable = false;
    }

    /** The upstream connection read what there was for now: it goes out, and a slow client pauses the upstream. */
    @Override
    public void onUpstreamReadComplete() {
        Channel upstream = leg.channel();
        if (upstream == null || owner.state() == ExchangeState.ENDED) {
            return;
        }
        deadlines.upstreamRead();
        ctx.flush();
        if (readAhead.full(ctx.channel())) {
            // the client is slow: stop reading the upstream until it catches up
            upstream.config().setAutoRead(false);
        }
    }

    /** The client can take more (or cannot): the upstream is read again (or not). */
    void clientWritable(boolean writable) {
        if (leg.channel() != null) {
            leg.channel().config().setAutoRead(writable || !readAhead.full(ctx.channel()));
        }
    }

    /** The client took enough of what was read ahead: the upstream is read again. */
    void clientCaughtUp() {
        if (leg.channel() != null && owner.state() != ExchangeState.ENDED) {
            leg.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void onUpstreamWritable() {
        sender.writable(owner.state() == ExchangeState.ENDED);
    }

    @Override
    public void onUpstreamFailed(Throwable cause) {
        failed("reset", cause);
    }

    private void failed(String reason, Throwable cause) {
        if (owner.state() != ExchangeState.ENDED) {
            loop.upstreamFailed(owner.state(), reason, cause);
        }
    }

    @Override
    public void onResponse(HttpObject piece) {
        if (owner.state() == ExchangeState.ENDED) {
            ReferenceCountUtil.release(piece);
        } else if (piece instanceof HttpResponse response) {
            onHead(response);
        } else {
            onContent((HttpContent) piece);
        }
    }

    private void onHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            // a failed attempt, as a reset connection is
            failed("protocol", response.decoderResult().cause());
            return;
        }
        int code = response.status().code();
        if (upgrade && code == 101) {
            attempts.answered(101);
            owner.switched(response);
            return;
        }
        if (code < 200) {
            // 1xx interim responses (such as 103 Early Hints) are the upstream's business with us
            owner.advance(response instanceof LastHttpContent ? ExchangeState.AWAITING : ExchangeState.INTERIM);
            ReferenceCountUtil.release(response);
            return;
        }
        if (loop.retried(code)) {
            ReferenceCountUtil.release(response);
            return;
        }
        answer.status(code);
        attempts.answered(code);
        // most answers carry no Connection header: one lookup then, instead of HttpUtil's scan of its values
        upstreamReusable = response.headers().contains(HttpHeaderNames.CONNECTION) ? HttpUtil.isKeepAlive(response)
                : response.protocolVersion().isKeepAliveDefault();
        if (pages != null && pages.replaces(code)) {
            // the answer is dropped, with its body, for the default backend's page
            ReferenceCountUtil.release(response);
            owner.advance(ExchangeState.REPLACING);
            if (response instanceof LastHttpContent) {
                owner.replaced();
            }
            return;
        }
        owner.advance(ExchangeState.RESPONDING);
        answer.head(response, loop.affinityCookie());
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        ExchangeState state = owner.state();
        if (state == ExchangeState.INTERIM || state == ExchangeState.REPLACING) {
            content.release();
            if (last) {
                if (state == ExchangeState.INTERIM) {
                    owner.advance(ExchangeState.AWAITING);
                } else {
                    owner.replaced();
                }
            }
            return;
        }
        ChannelFuture lastWrite = answer.relay(content);
        if (lastWrite != null) {
            owner.relayed(lastWrite);
        }
    }
}
