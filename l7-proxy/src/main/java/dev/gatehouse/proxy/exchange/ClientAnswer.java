package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.DownstreamResponse;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.proxy.observe.RouteStats;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.BooleanSupplier;

/**
 * What the client of one exchange receives, and the record of it: the upstream's answer relayed piece by piece, the
 * proxy's own short answer, or a cut connection; then the request is counted, logged and the downstream told.
 *
 * <p>Kept apart from {@link Exchange}, which decides among these, so that the decisions read without the writing.
 */
final class ClientAnswer {

    private final ChannelHandlerContext ctx;
    private final Downstream downstream;
    private final HttpRequest request;
    private final ClientInfo client;
    private final RouteStats stats;
    private final ExchangeLog line;
    private final RequestBody body;
    private final ResponseEdits edits;
    private final boolean keepAlive;
    private final BooleanSupplier draining;
    // the route's response rate, or null
    private final ResponsePace pace;
    private final ResponseReadAhead readAhead;
    private int status;
    private long bytes;
    private boolean closeAfter;
    // for the exchange of an error page: the client is still sending the body of the request whose answer it replaces
    private boolean clientUploading;

    ClientAnswer(ChannelHandlerContext ctx, Downstream downstream, HttpRequest request, ClientInfo client, RouteStats stats,
                 ExchangeLog line, RequestBody body, ResponseEdits edits, boolean keepAlive, BooleanSupplier draining,
                 ResponsePace pace, ResponseReadAhead readAhead) {
        this.ctx = ctx;
        this.downstream = downstream;
        this.request = request;
        this.client = client;
        this.stats = stats;
        this.line = line;
        this.body = body;
        this.edits = edits;
        this.keepAlive = keepAlive;
        this.draining = draining;
        this.pace = pace;
        this.readAhead = readAhead;
    }

    /** The status the client got or will get; 0 before any. */
    int status() {
        return status;
    }

    void status(int code) {
        status = code;
    }

    /** The upstream's head, edited for the client, goes out first. */
    void head(HttpResponse response, String affinityCookie) {
        closeAfter = DownstreamResponse.prepare(response, keepAlive && !draining.getAsBoolean(), body.http10(), body.head());
        edits.apply(response, affinityCookie, request.headers());
        relay(response);
    }

    /**
     * @return the write of the answer's last piece, or null before it, and always under a response rate, whose pace
     *         reports the last write itself, now or later, as the read-ahead does while part of the answer waits in its file
     */
    ChannelFuture relay(HttpObject piece) {
        if (piece instanceof HttpContent content) {
            bytes += content.content().readableBytes();
        }
        if (pace != null) {
            pace.write(piece);
            return null;
        }
        if (piece instanceof LastHttpContent last) {
            return readAhead.end(ctx, last);
        }
        readAhead.write(ctx, piece);
        return null;
    }

    /** The upstream's answer went out whole. */
    void relayed(ChannelFuture lastWrite, Member upstream) {
        if (closeAfter) {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
        record(upstream);
        downstream.exchangeFinished(requestComplete(), closeAfter);
    }

    /** The upstream's 101 goes out; the connection becomes a tunnel after it. */
    void switched(HttpResponse response, Member upstream) {
        status = 101;
        DownstreamResponse.prepareUpgrade(response);
        ctx.writeAndFlush(response);
        record(upstream);
    }

    /** The proxy's own answer, as a short text. */
    void local(int code, String detail, boolean mustClose, Member upstream) {
        status = code;
        record(upstream);
        // a client that waits for 100 Continue may or may not send its body now: only a new connection is safe
        boolean reuse = keepAlive && !mustClose && !draining.getAsBoolean() && !awaitingContinue();
        LocalResponses.write(ctx, code, LocalResponses.text(code, detail), reuse, body.head(), body.http10(), null, null,
                edits.ownAnswerHeaders(code));
        downstream.exchangeFinished(requestComplete(), !reuse);
    }

    /** Mid-answer: the client sees a truncated response rather than a wrong one. */
    void cut(Member upstream) {
        record(upstream);
        ctx.close();
        downstream.exchangeFinished(requestComplete(), true);
    }

    /** The client went away: a request whose answer had not begun is logged as nginx logs it, 499. */
    void clientGone(boolean answering, Member upstream) {
        if (!answering) {
            status = 499;
        }
        record(upstream);
    }

    /** Whether an error page may answer on this connection after this answer is dropped. */
    boolean reusableForPage() {
        return keepAlive && !awaitingContinue();
    }

    void uploading(boolean stillSending) {
        clientUploading = stillSending;
    }

    /** @param cookies the external auth service's cookies for the client's answer, or null */
    void passCookies(AuthCookies cookies) {
        edits.passCookies(cookies);
    }

    /** The auth service's cookies, or null: an error page that replaces the answer carries them too. */
    AuthCookies cookies() {
        return edits.cookies();
    }

    private boolean awaitingContinue() {
        return body.expectsContinue() && !body.complete();
    }

    /** Counts and logs the request. */
    private void record(Member upstream) {
        stats.count(status);
        line.write(request, client, stats, upstream, status, bytes, body.bytes());
    }

    /** Whether the client sent all of its request: the page of an error has its own, complete, request. */
    private boolean requestComplete() {
        return body.complete() && !clientUploading;
    }
}
