package dev.gatehouse.proxy.exchange;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.SelectionRequest;
import dev.gatehouse.proxy.downstream.DownstreamHandler;
import dev.gatehouse.proxy.filter.RequestMirror;
import dev.gatehouse.proxy.filter.RequestSlot;
import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.DownstreamResponse;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.ProxyProtocolHandler;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.upstream.UpstreamConnections;
import dev.gatehouse.proxy.upstream.UpstreamListener;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.SessionAffinity;
import dev.gatehouse.routing.UpstreamProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.FutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One request forwarded to an upstream and its response relayed back: a small state machine ({@link State}) whose
 * every ending goes through {@link #end}.
 *
 * <p>Created by {@link DownstreamHandler} once a request has passed its route's filters; lives on the downstream
 * channel's event loop, which is also the loop of the upstream channel it borrows. Bodies stream in both directions
 * and never pile up: the client is not read while the upstream cannot take more, and the upstream is not read while
 * the client cannot take more.
 *
 * <p>Which endpoint each attempt goes to, and whether a failure allows another, is {@link Attempts}'s business; the
 * connection of the current attempt is held by {@link UpstreamLeg}; the deadlines by {@link ExchangeDeadlines}.
 * Before any response byte has reached the client a failure becomes a local 502, 503 or 504; after that the client
 * connection is closed, so it sees a truncated response rather than a wrong one. A 101 answer to an upgrade request
 * turns both connections into a {@link Tunnel}. An answer with one of the route's custom error statuses hands the
 * client over to a second exchange, with the default backend, for the page ({@link ErrorPage}); a mirrored route's
 * requests are copied by {@link RequestMirror}.
 */
public final class Exchange implements UpstreamListener, FutureListener<Channel>, SelectionRequest, Expiring {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    /** Upstream failures are the upstream's (or a client's, through it) doing, as often as it likes. */
    private static final LogLimiter FAILURES = LogLimiter.perMinute(log, Level.DEBUG);
    private static final String[] DOWNSTREAM_HTTP = {"proxy", "timeouts", "http"};
    private static final String[] UPSTREAM_HTTP = {"upstream", "idle", "http"};

    private final Downstream downstream;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final RouteStats stats;
    private final ProxyContext proxy;
    private final ClientInfo client;
    private final RouteFilters filters;
    private final RequestPolicy policy;
    private final ClusterRuntime cluster;
    private final UpstreamProtocol protocol;
    private final ExchangeLog line;
    private final Attempts attempts;
    private final UpstreamLeg leg;
    private final RequestBody body;
    private final ResponseEdits edits;
    private final ExchangeDeadlines deadlines;
    private final ErrorPageHandover pages;
    // once an error page replaces the answer: the page's exchange, to which what the client does is passed on
    private Exchange page;
    private final boolean keepAlive;
    private final boolean http2;
    private final boolean upgrade;
    private final String[] affinityCookie = new String[1];
    // the name of an affinity cookie kept from the upstream (HAProxy's indirect), and the Cookie header that had it
    private final String ownCookie;
    private final String clientCookies;
    private ExchangeState state = ExchangeState.CONNECTING;
    private boolean reusedConnection;
    private boolean upstreamReusable;
    private boolean closeDownstream;
    // for the exchange of an error page: the client is still sending the body of the request whose answer it replaces
    private boolean clientUploading;
    private int status;
    private long responseBytes;

    public Exchange(Downstream downstream, ChannelHandlerContext ctx, HttpRequest request, RouteStats stats, ClusterRuntime routeCluster,
             RequestPolicy policy, RouteFilters filters, UpstreamConnections connections, ProxyContext proxy, ClientInfo client,
             boolean keepAlive, ClusterRuntime defaultBackend) {
        this.downstream = downstream;
        this.ctx = ctx;
        this.request = request;
        this.stats = stats;
        this.proxy = proxy;
        this.client = client;
        this.filters = filters;
        this.policy = policy;
        this.keepAlive = keepAlive;
        boolean standIn = ErrorPage.standsIn(filters, routeCluster, defaultBackend);
        if (standIn) {
            ErrorPage.tellStandIn(request, routeCluster.cluster().name(), filters);
        }
        this.cluster = standIn ? defaultBackend : routeCluster;
        ProxySettings settings = proxy.settings();
        this.protocol = cluster.policy().protocol();
        SessionAffinity affinity = cluster.policy().affinity();
        this.ownCookie = affinity != null && affinity.indirect() ? affinity.cookieName() : null;
        this.clientCookies = ownCookie == null ? null : request.headers().get(HttpHeaderNames.COOKIE);
        this.http2 = ctx.channel() instanceof Http2StreamChannel;
        this.upgrade = !http2 && protocol == UpstreamProtocol.HTTP1 && UpstreamRequest.isUpgrade(request);
        this.line = new ExchangeLog(proxy.accessLog(), proxy.tracer(), settings.tracing().sampleRatio(), filters, request, http2,
                client, cluster.name());
        this.attempts = new Attempts(cluster, proxy.metrics(),
                policy.maxAttempts() > 0 ? policy.maxAttempts() : settings.upstreamMaxAttempts(), policy.nextUpstream());
        this.leg = new UpstreamLeg(connections, protocol, cluster.policy().tls());
        this.body = new RequestBody(request, policy.maxBodyBytes() != 0 ? policy.maxBodyBytes() : settings.maxRequestBodyBytes());
        this.edits = new ResponseEdits(request, client, policy, filters, cluster.policy().affinity());
        this.deadlines = new ExchangeDeadlines(this, downstream.deadlines(), policy, settings);
        this.pages = standIn ? null : ErrorPageHandover.of(filters, defaultBackend, cluster);
    }

    /** Rewrites the request for the upstream hop and starts the first attempt. */
    public void start() {
        body.mirror(proxy.mirror().copy(filters == null ? null : filters.mirrorTarget(), request, client, ctx.channel(), line.span()));
        if (line.host() == null) {
            // an HTTP/1.0 client may leave Host out; the HTTP/1.1 request sent on may not: it names the address the
            // client reached, as nginx names the server
            request.headers().set(HttpHeaderNames.HOST, ProxyProtocolHandler.localAuthority(ctx.channel()));
        }
        UpstreamRequest.prepare(request, protocol, upgrade, http2, line.host(), client, filters, line.span(), ownCookie);
        connect();
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public String clientCookies() {
        return ownCookie == null ? request.headers().get(HttpHeaderNames.COOKIE) : clientCookies;
    }

    @Override
    public String clientAddress() {
        return client.client().toString();
    }

    @Override
    public boolean tried(Member candidate) {
        return attempts.tried(candidate);
    }

    @Override
    public ExchangeState state() {
        return state;
    }

    private void connect() {
        Member next = attempts.next(this, affinityCookie);
        if (next == null) {
            fail(attempts.started() ? attempts.failureStatus() : 503,
                    attempts.started() ? attempts.failureDetail() : "no ready endpoint for this route", false);
            return;
        }
        state = ExchangeState.CONNECTING;
        deadlines.attemptStarted();
        Channel pooled = leg.pooled(next.endpoint());
        if (pooled != null) {
            attach(pooled);
            return;
        }
        deadlines.connecting();
        Future<Channel> acquired = leg.acquire(next.endpoint());
        if (!acquired.isDone()) {
            // a new connection: the client's body is held until there is somewhere to send it
            downstream.upstreamBlocked(true);
        }
        acquired.addListener(this);
    }

    /** A pooled or new upstream connection (or stream) is ready, or could not be opened. */
    @Override
    public void operationComplete(Future<Channel> acquired) {
        if (!leg.awaited(acquired) || state == ExchangeState.ENDED) {
            leg.releaseUnused(acquired);
            return;
        }
        if (!acquired.isSuccess()) {
            FAILURES.log("upstream connect", "connect to {} for cluster {} failed: {}", attempts.member(), cluster.name(),
                    Causes.describe(acquired.cause()));
            connectFailed(false);
            return;
        }
        attach(acquired.getNow());
    }

    /** The attempt has its connection: send what there is of the request. */
    private void attach(Channel upstream) {
        state = ExchangeState.AWAITING;
        reusedConnection = leg.attach(upstream, this);
        upstreamReusable = true;
        deadlines.attached(body.complete());
        body.sendHead(upstream, leg);
        if (body.expectsContinue() && !body.complete()) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE), ctx.voidPromise());
        }
        downstream.upstreamBlocked(!body.complete() && !upstream.isWritable());
    }

    /** Connecting failed, or timed out: another attempt when the rules allow, else the client's answer. */
    @Override
    public void connectFailed(boolean timedOut) {
        if (timedOut) {
            leg.abandon(this);
        }
        attempts.failed(timedOut ? "timeout" : "connect");
        attempts.ended();
        attempts.failure(timedOut ? 504 : 502,
                timedOut ? "the upstream did not accept a connection in time" : "could not connect to the upstream");
        boolean allowed = timedOut ? attempts.rules().timeout() : attempts.rules().error();
        if (attempts.mayRetry(!body.sent(), allowed)) {
            connect();
        } else {
            fail(attempts.failureStatus(), attempts.failureDetail(), false);
        }
    }

    /**
     * The rest of the client's body cannot be read (a malformed chunk): the upstream never gets the end of the request
     * (its connection is closed), and the client gets a 400 unless the upstream's answer has begun.
     */
    public void requestMalformed() {
        if (state == ExchangeState.RESPONDING) {
            abort();
        } else if (state != ExchangeState.ENDED) {
            fail(400, "the request body could not be read", true);
        }
    }

    /** The next piece of the request body from the client. */
    public void requestContent(HttpContent content) {
        if (state == ExchangeState.ENDED) {
            if (page != null && content instanceof LastHttpContent) {
                // the client finished sending the body of the request whose answer the page replaces
                page.clientUploading = false;
            }
            content.release();
            return;
        }
        switch (body.relay(content, leg.channel(), leg)) {
            case TOO_LARGE -> {
                if (state == ExchangeState.RESPONDING) {
                    abort();
                } else {
                    fail(413, "the request body is larger than " + body.limit() + " bytes", true);
                }
            }
            case COMPLETE -> {
                deadlines.requestSent();
                downstream.upstreamBlocked(false);
            }
            case BLOCKED -> {
                downstream.upstreamBlocked(true);
                deadlines.sendBlocked();
            }
            case HELD, SENT -> {
            }
        }
    }

    @Override
    public void onUpstreamWritable() {
        deadlines.sendUnblocked();
        if (state != ExchangeState.ENDED && !body.complete()) {
            downstream.upstreamBlocked(false);
        }
    }

    /** A piece of the response from the upstream. */
    @Override
    public void onResponse(HttpObject msg) {
        if (state == ExchangeState.ENDED) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HttpResponse response) {
            onResponseHead(response);
        } else {
            onResponseContent((HttpContent) msg);
        }
    }

    private void onResponseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            upstreamFailed("protocol", response.decoderResult().cause());
            return;
        }
        int code = response.status().code();
        if (upgrade && code == 101) {
            switchProtocols(response);
            return;
        }
        if (code < 200) {
            // 1xx interim responses (such as 103 Early Hints) are the upstream's business with us
            state = response instanceof LastHttpContent ? ExchangeState.AWAITING : ExchangeState.INTERIM;
            ReferenceCountUtil.release(response);
            return;
        }
        if (attempts.rules().retriesStatus(code) && attempts.mayTryAnother(body.replayable(attempts.rules()), this)) {
            ReferenceCountUtil.release(response);
            if (code >= 500) {
                cluster.failed(attempts.member());
            }
            tryAnother(code, "every endpoint tried answered " + code);
            return;
        }
        status = code;
        attempts.answered(code);
        upstreamReusable = HttpUtil.isKeepAlive(response);
        if (pages != null && pages.replaces(code)) {
            // the answer is dropped, with its body, for the default backend's page
            ReferenceCountUtil.release(response);
            state = ExchangeState.REPLACING;
            if (response instanceof LastHttpContent) {
                replaced();
            }
            return;
        }
        state = ExchangeState.RESPONDING;
        closeDownstream = DownstreamResponse.prepare(response, keepAlive && !proxy.draining(), body.http10(), body.head());
        edits.apply(response, affinityCookie[0], request.headers().get(HttpHeaderNames.USER_AGENT));
        relay(response);
    }

    private void onResponseContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (state == ExchangeState.INTERIM || state == ExchangeState.REPLACING) {
            content.release();
            if (last) {
                if (state == ExchangeState.INTERIM) {
                    state = ExchangeState.AWAITING;
                } else {
                    replaced();
                }
            }
            return;
        }
        relay(content);
    }

    private void relay(HttpObject piece) {
        if (piece instanceof HttpContent content) {
            responseBytes += content.content().readableBytes();
        }
        if (piece instanceof LastHttpContent) {
            finish(ctx.writeAndFlush(piece));
        } else {
            ctx.write(piece, ctx.voidPromise());
        }
    }

    /** The upstream accepted the upgrade: relay its 101, then both connections become a tunnel. */
    private void switchProtocols(HttpResponse response) {
        status = 101;
        attempts.answered(101);
        Channel up = leg.channel();
        Runnable releaseUpstream = leg.detachForTunnel();
        end(false);
        DownstreamResponse.prepareUpgrade(response);
        ctx.writeAndFlush(response);
        record();
        RequestSlot slot = downstream.upgraded();
        Tunnel.splice(ctx.channel(), DOWNSTREAM_HTTP, up, UPSTREAM_HTTP, deadlines.readTimeoutNanos(), () -> {
            releaseUpstream.run();
            slot.release();
        });
    }

    @Override
    public void onUpstreamReadComplete() {
        Channel upstream = leg.channel();
        if (state == ExchangeState.ENDED || upstream == null) {
            return;
        }
        deadlines.upstreamRead();
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            // the client is slow: stop reading the upstream until it catches up
            upstream.config().setAutoRead(false);
        }
    }

    public void onDownstreamWritability(boolean writable) {
        if (page != null) {
            page.onDownstreamWritability(writable);
        } else if (state != ExchangeState.ENDED && leg.channel() != null) {
            leg.channel().config().setAutoRead(writable);
        }
    }

    @Override
    public void onUpstreamFailed(Throwable cause) {
        upstreamFailed("reset", cause);
    }

    private void upstreamFailed(String reason, Throwable cause) {
        if (state == ExchangeState.ENDED) {
            return;
        }
        leg.release(false);
        if (state == ExchangeState.REPLACING) {
            // the answer being replaced was already in: the rest of its body is not needed
            replaced();
            return;
        }
        FAILURES.log("upstream " + reason, "upstream {} of cluster {} failed ({}): {}", attempts.member(), cluster.name(),
                reason, cause == null ? "closed" : Causes.describe(cause));
        if (state == ExchangeState.RESPONDING) {
            attempts.failed(reason);
            abort();
            return;
        }
        boolean replayable = body.replayable(attempts.rules());
        if (reusedConnection && replayable) {
            // a pooled connection the upstream had already closed says nothing about the upstream: the request goes
            // again, on a new connection, without counting as an attempt
            attempts.undo();
            connect();
            return;
        }
        attempts.failed(reason);
        boolean protocolError = reason.equals("protocol");
        attempts.failure(502, protocolError ? "the upstream sent a response that could not be read"
                : "the upstream closed the connection before responding");
        if (attempts.mayRetry(replayable, protocolError ? attempts.rules().invalidHeader() : attempts.rules().error())) {
            attempts.ended();
            connect();
        } else {
            fail(attempts.failureStatus(), attempts.failureDetail(), false);
        }
    }

    /** The upstream refused request bytes for longer than the send timeout. */
    @Override
    public void sendTimedOut() {
        PeerFailures.count(leg.channel(), "timeout", "the upstream did not take the request in time");
        attempts.failed("timeout");
        fail(504, "the upstream did not take the request in time", true);
    }

    /** The upstream stayed silent for longer than the read timeout. */
    @Override
    public void readTimedOut() {
        PeerFailures.count(leg.channel(), "timeout", "the upstream did not answer in time");
        attempts.failed("timeout");
        if (state == ExchangeState.REPLACING) {
            // the answer being replaced is in, only its body stalls: no other attempt, whose head would reach the client
            // before the page's; the connection, mid-body, cannot be reused
            upstreamReusable = false;
            replaced();
        } else if (state == ExchangeState.RESPONDING) {
            abort();
        } else if (attempts.rules().timeout() && attempts.mayTryAnother(body.replayable(attempts.rules()), this)) {
            tryAnother(504, "the upstream did not answer in time");
        } else {
            fail(504, "the upstream did not answer in time", false);
        }
    }

    /** Whether the request is still going out to an upstream that has not started answering. */
    @Override
    public boolean sending() {
        return !body.complete() && state != ExchangeState.RESPONDING && state != ExchangeState.REPLACING;
    }

    /** The client went away; the upstream connection cannot be trusted with a half-sent request. */
    public void onDownstreamClosed() {
        if (page != null) {
            page.onDownstreamClosed();
            return;
        }
        if (state == ExchangeState.ENDED) {
            return;
        }
        boolean started = state == ExchangeState.RESPONDING;
        end(false);
        status = started ? status : 499;
        record();
    }

    /** Drops this attempt's connection, and what the upstream sent on it, and tries the next endpoint. */
    private void tryAnother(int failureStatus, String detail) {
        leg.release(false);
        attempts.ended();
        attempts.failure(failureStatus, detail);
        connect();
    }

    /**
     * The one place an exchange ends, however it ends: nothing more is sent upstream, the timer stops, the endpoint has
     * one request fewer in flight, and the upstream connection goes back to its pool ({@code reuseUpstream}) or closes.
     */
    private void end(boolean reuseUpstream) {
        state = ExchangeState.ENDED;
        body.drop(leg);
        deadlines.cancel();
        attempts.ended();
        leg.release(reuseUpstream);
        body.releaseUnsent();
    }

    /** Counts and logs the request. */
    private void record() {
        stats.count(status);
        line.write(request, client, stats, attempts.member(), status, responseBytes, body.bytes());
    }

    /** The answer reached its end. */
    private void finish(ChannelFuture lastWrite) {
        long took = line.elapsedNanos();
        cluster.observeLatency(attempts.member(), took);
        stats.latency(took);
        end(body.complete() && upstreamReusable);
        if (closeDownstream) {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
        record();
        downstream.exchangeFinished(clientRequestComplete(), closeDownstream);
    }

    /** @param cookies the external auth service's cookies for the client's answer, or null */
    public void passCookies(AuthCookies cookies) {
        edits.passCookies(cookies);
    }

    /** The answer is the proxy's own: a page of the default backend when the route has one for it, else a short text. */
    private void fail(int failStatus, String detail, boolean mustClose) {
        status = failStatus;
        end(false);
        if (pages != null && !mustClose && pages.replaces(failStatus)) {
            handOver();
            return;
        }
        record();
        // a client that waits for 100 Continue may or may not send its body now: only a new connection is safe
        boolean reuse = keepAlive && !mustClose && !proxy.draining() && !(body.expectsContinue() && !body.complete());
        LocalResponses.write(ctx, failStatus, LocalResponses.text(failStatus, detail), reuse, body.head(), body.http10(), null, null,
                edits.ownAnswerHeaders(failStatus));
        downstream.exchangeFinished(clientRequestComplete(), !reuse);
    }

    /** Mid-answer: the client sees a truncated response rather than a wrong one. */
    private void abort() {
        end(false);
        record();
        ctx.close();
        downstream.exchangeFinished(clientRequestComplete(), true);
    }

    /** The answer being replaced is all in (or given up on): the page's exchange takes the client. */
    private void replaced() {
        end(body.complete() && upstreamReusable);
        handOver();
    }

    /** The page's exchange takes the client, on the same connection. */
    private void handOver() {
        // the page's exchange logs the request; the replaced answer's span ends here, and the page's is its child
        line.endSpan(stats, attempts.member(), status, 0, body.bytes());
        // a client that waits for 100 Continue may or may not send its body now: only a new connection is safe
        boolean reuse = keepAlive && !(body.expectsContinue() && !body.complete());
        HttpRequest pageRequest = pages.request(request, line.uri(), line.host(), status, cluster.cluster().name(), client.requestId());
        line.span().inject(pageRequest.headers());
        page = new Exchange(downstream, ctx, pageRequest, stats, pages.cluster(), policy, pages.pageFilters(), leg.connections(), proxy,
                client, reuse, null);
        page.clientUploading = !body.complete();
        pages.retarget(pageRequest);
        page.requestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        page.start();
    }

    /** Whether the client sent all of its request: the page of an error has its own, complete, request. */
    private boolean clientRequestComplete() {
        return body.complete() && !clientUploading;
    }
}
