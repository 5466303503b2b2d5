package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.downstream.DownstreamHandler;
import dev.gatehouse.proxy.filter.RequestMirror;
import dev.gatehouse.proxy.filter.RequestSlot;
import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.ProxyProtocolHandler;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.upstream.UpstreamConnections;
import dev.gatehouse.proxy.upstream.UpstreamHandler;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.UpstreamProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * One request forwarded to an upstream and its response relayed back: a small state machine ({@link ExchangeState})
 * whose every ending goes through {@link #end}.
 *
 * <p>Created for {@link DownstreamHandler} once a request has passed its route's filters; lives on the downstream
 * channel's event loop, which is also the loop of the upstream channel it borrows. Bodies stream in both directions
 * and never pile up: the client is not read while the upstream cannot take more, and the upstream is not read while
 * the client cannot take more, nor while the route's response rate holds the answer back ({@link ResponsePace}); unless
 * the route buffers them: a request body is then read whole before an endpoint is chosen ({@link BufferedBody}), an
 * answer read ahead of the client up to a bound ({@link ResponseReadAhead}).
 *
 * <p>The parts, each its own class: the attempts and their deadlines ({@link AttemptLoop}, choosing by {@link Attempts},
 * timed by {@link ExchangeDeadlines}), the current attempt's connection ({@link UpstreamLeg}), the request going out
 * ({@link RequestSender}), the upstream's answer coming in, which hears the upstream connection's events
 * ({@link ResponseRelay}), and what the client gets and the record of it ({@link ClientAnswer}). They report back through
 * {@link AttemptOwner} and {@link ResponseOwner}; the exchange holds the state and decides how it ends. The client's
 * events reach it through the {@link ExchangeSlot}, which hands the client to an error page's exchange.
 * Before any response byte has reached the client a failure becomes a local 502, 503 or 504; after that the client
 * connection is closed, so it sees a truncated response rather than a wrong one. A 101 answer to an upgrade request
 * turns both connections into a {@link Tunnel}. An answer with one of the route's custom error statuses hands the
 * client over to a second exchange, with the default backend, for the page ({@link ErrorPage}); a mirrored route's
 * requests are copied by {@link RequestMirror}.
 */
final class Exchange implements AttemptOwner, ResponseOwner {

    private final Downstream downstream;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final RouteStats stats;
    private final ProxyContext proxy;
    private final ClientInfo client;
    private final RouteFilters filters;
    private final ClusterRuntime cluster;
    private final UpstreamProtocol protocol;
    private final ExchangeLog line;
    private final Attempts attempts;
    private final ExchangeSelection selection;
    private final UpstreamLeg leg;
    private final RequestBody body;
    private final ClientAnswer answer;
    private final ExchangeDeadlines deadlines;
    private final AttemptLoop loop;
    private final RequestSender sender;
    private final ResponseRelay relay;
    private final ErrorPageHandover pages;
    private final PageTaker pageTaker;
    // the route's response rate, or null
    private final ResponsePace pace;
    private final ResponseReadAhead readAhead;
    private final boolean http2;
    private final boolean upgrade;
    private ExchangeState state = ExchangeState.CONNECTING;
    // started, and waiting for the rest of a buffered body before it connects
    private boolean awaitingBody;

    Exchange(Downstream downstream, ChannelHandlerContext ctx, HttpRequest request, RouteStats stats, ClusterRuntime routeCluster,
             RequestPolicy policy, RouteFilters filters, UpstreamConnections connections, ProxyContext proxy, ClientInfo client,
             boolean keepAlive, ClusterRuntime defaultBackend, PageTaker pageTaker) {
        this.downstream = downstream;
        this.ctx = ctx;
        this.request = request;
        this.stats = stats;
        this.proxy = proxy;
        this.client = client;
        this.filters = filters;
        this.pageTaker = pageTaker;
        boolean standIn = ErrorPage.standsIn(filters, routeCluster, defaultBackend);
        if (standIn) {
            ErrorPage.tellStandIn(request, routeCluster.cluster().name(), filters);
        }
        this.cluster = standIn ? defaultBackend : routeCluster;
        this.protocol = cluster.policy().protocol();
        this.http2 = ctx.channel() instanceof Http2StreamChannel;
        this.upgrade = !http2 && protocol == UpstreamProtocol.HTTP1 && UpstreamRequest.isUpgrade(request);
        this.line = new ExchangeLog(proxy.accessLog(), proxy.tracer(), proxy.settings().tracing().sampleRatio(), filters, request, http2,
                client, cluster.name());
        this.attempts = new Attempts(cluster, proxy.metrics(), policy.maxAttempts(), policy.nextUpstream());
        this.selection = new ExchangeSelection(request, client, attempts, cluster.policy().affinity());
        this.leg = new UpstreamLeg(connections, protocol, cluster.policy().tls());
        this.body = new RequestBody(request, policy.maxBodyBytes(), BufferedBody.of(policy.buffering(), request, upgrade, http2, proxy.bodyFiles()));
        this.loop = new AttemptLoop(this, attempts, selection, leg, body, cluster, downstream, policy,
                new RetryBackoff(ctx.executor(), policy.nextUpstream().backoff()));
        this.deadlines = loop.deadlines();
        this.readAhead = ResponseReadAhead.of(policy.buffering(), ctx, proxy.bodyFiles(), deadlines, this::clientCaughtUp,
                this::upstreamDone, this::relayed);
        this.pace = policy.responseRate() == null ? null
                : new ResponsePace(ctx, policy.responseRate(), leg::channel, this::upstreamDone, this::relayed, deadlines);
        this.answer = new ClientAnswer(ctx, downstream, request, client, stats, line, body,
                new ResponseEdits(request, client, policy, filters, cluster.policy().affinity()), keepAlive, proxy::draining, pace,
                readAhead);
        this.sender = new RequestSender(ctx, body, leg, deadlines, downstream);
        this.pages = standIn ? null : ErrorPageHandover.of(filters, defaultBackend, cluster);
        this.relay = new ResponseRelay(this, loop, attempts, answer, sender, pages, upgrade, ctx, leg, deadlines, readAhead);
    }

    /** The client took enough of an answer read ahead: the relay, made last, reads the upstream again. */
    private void clientCaughtUp() {
        relay.clientCaughtUp();
    }

    /** Rewrites the request for the upstream hop and starts the first attempt. */
    void start() {
        body.mirror(proxy.mirror().copy(filters == null ? null : filters.mirrorTargets(), request, client, ctx.channel(), line.span()));
        if (line.host() == null) {
            // an HTTP/1.0 client may leave Host out; the HTTP/1.1 request sent on may not: it names the address the
            // client reached, as nginx names the server
            request.headers().set(HttpHeaderNames.HOST, ProxyProtocolHandler.localAuthority(ctx.channel()));
        }
        UpstreamRequest.prepare(request, protocol, upgrade, http2, line.host(), client, filters, line.span(), selection.ownCookie());
        if (body.buffering()) {
            // the upstream is chosen when the whole body is here (requestContent)
            awaitingBody = true;
            sender.buffering();
            return;
        }
        loop.connect();
    }

    @Override
    public ExchangeState state() {
        return state;
    }

    @Override
    public void connecting() {
        state = ExchangeState.CONNECTING;
    }

    /** The attempt has its connection: send what there is of the request. */
    @Override
    public void attached(UpstreamHandler upstream) {
        state = ExchangeState.AWAITING;
        leg.attach(upstream, relay);
        relay.attached();
        sender.attached(upstream.channel());
    }

    /**
     * The rest of the client's body cannot be read (a malformed chunk): the upstream never gets the end of the request
     * (its connection is closed), and the client gets a 400 unless the upstream's answer has begun.
     */
    void requestMalformed() {
        if (state == ExchangeState.RESPONDING) {
            abort();
        } else if (state != ExchangeState.ENDED) {
            fail(400, "the request body could not be read", true);
        }
    }

    /** The next piece of the request body from the client. */
    void requestContent(HttpContent content) {
        if (state == ExchangeState.ENDED) {
            content.release();
            return;
        }
        switch (sender.relay(content)) {
            case TOO_LARGE -> {
                if (state == ExchangeState.RESPONDING) {
                    abort();
                } else {
                    fail(413, "the request body is larger than " + body.limit() + " bytes", true);
                }
            }
            case UNSTORED -> fail(500, "the request body could not be stored", true);
            case BUFFERED -> {
                if (awaitingBody) {
                    awaitingBody = false;
                    loop.connect();
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void advance(ExchangeState next) {
        state = next;
    }

    /** The upstream accepted the upgrade: relay its 101, then both connections become a tunnel. */
    @Override
    public void switched(HttpResponse response) {
        Channel up = leg.channel();
        Runnable releaseUpstream = leg.detachForTunnel();
        end(false);
        answer.switched(response, attempts.member());
        RequestSlot slot = downstream.upgraded();
        Tunnel.splice(ctx.channel(), up, deadlines.readTimeoutNanos(), () -> {
            releaseUpstream.run();
            slot.release();
        });
    }

    void onDownstreamWritability(boolean writable) {
        if (state != ExchangeState.ENDED && (pace == null || !pace.holding())) {
            // while the pace holds part of the answer it keeps the upstream paused, and resumes it when it lets go
            relay.clientWritable(writable);
        }
    }

    /** The client went away; the upstream connection cannot be trusted with a half-sent request. */
    void onDownstreamClosed() {
        if (state == ExchangeState.ENDED) {
            return;
        }
        boolean answering = state == ExchangeState.RESPONDING;
        end(false);
        answer.clientGone(answering, attempts.member());
    }

    /**
     * The one place an exchange ends, however it ends: nothing more is sent upstream, the timer stops, the endpoint has
     * one request fewer in flight, and the upstream connection goes back to its pool ({@code reuseUpstream}) or closes.
     */
    private void end(boolean reuseUpstream) {
        state = ExchangeState.ENDED;
        if (pace != null) {
            pace.close();
        }
        readAhead.close();
        body.drop(leg);
        deadlines.cancel();
        attempts.ended();
        leg.release(reuseUpstream);
        body.releaseUnsent();
    }

    /** The answer reached its end. */
    @Override
    public void relayed(ChannelFuture lastWrite) {
        long took = line.elapsedNanos();
        cluster.observeLatency(attempts.member(), took);
        stats.latency(took);
        end(body.complete() && !body.sendingBuffered() && relay.upstreamReusable());
        answer.relayed(lastWrite, attempts.member());
    }

    /**
     * The upstream's answer is all in while the pace or the read-ahead's file still holds some of it: the upstream's part
     * is over, so its connection neither waits for the client nor, closing now, cuts an answer the proxy holds whole.
     */
    private void upstreamDone() {
        if (body.complete()) {
            leg.release(relay.upstreamReusable());
        }
    }

    /** @param cookies the external auth service's cookies for the client's answer, or null */
    void passCookies(AuthCookies cookies) {
        answer.passCookies(cookies);
    }

    /** The answer is the proxy's own: a page of the default backend when the route has one for it, else a short text. */
    @Override
    public void fail(int failStatus, String detail, boolean mustClose) {
        end(false);
        if (pages != null && !mustClose && pages.replaces(failStatus)) {
            answer.status(failStatus);
            handOver();
        } else {
            answer.local(failStatus, detail, mustClose, attempts.member());
        }
    }

    /** Mid-answer: the client sees a truncated response rather than a wrong one. */
    @Override
    public void abort() {
        end(false);
        answer.cut(attempts.member());
    }

    /** The answer being replaced is all in (or given up on): the page's exchange takes the client. */
    @Override
    public void replaced() {
        end(body.complete() && !body.sendingBuffered() && relay.upstreamReusable());
        handOver();
    }

    /** The page's exchange takes the client, on the same connection. */
    private void handOver() {
        // the page's exchange logs the request; the replaced answer's span ends here, and the page's is its child
        line.endSpan(stats, attempts.member(), answer.status(), 0, body.bytes());
        HttpRequest pageRequest = pages.request(request, line.uri(), line.host(), answer.status(), cluster.cluster().name(),
                client.requestId());
        line.span().inject(pageRequest.headers());
        pageTaker.takeOver(pageRequest, pages, answer.reusableForPage(), answer.cookies(), !body.complete());
    }

    /** Whether the client is still sending the body of the request whose answer this exchange's page replaces. */
    void uploading(boolean stillSending) {
        answer.uploading(stillSending);
    }
}
