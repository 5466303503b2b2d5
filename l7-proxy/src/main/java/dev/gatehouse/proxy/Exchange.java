package dev.gatehouse.proxy;

import dev.gatehouse.routing.NextUpstream;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.FutureListener;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded to an upstream and its response relayed back.
 *
 * <p>Created by {@link DownstreamHandler} for a route that forwards; lives on the downstream channel's
 * event loop, which is also the loop of the upstream channel it borrows. Bodies stream in both
 * directions and never pile up: the client is not read while the upstream cannot take more, and the
 * upstream is not read while the client cannot take more.
 *
 * <p>Each attempt picks an endpoint ({@link ClusterRuntime#select}); when connecting fails, or a
 * body-less idempotent request finds its connection broken before any response byte, the next attempt
 * goes to another endpoint, up to the attempt limit; the route's {@link NextUpstream} narrows that or adds
 * timeouts and response statuses (the answer of a non-final attempt is dropped, never relayed). Before any
 * response byte has reached the client a failure becomes a local 502, 503 or 504; after that the client connection is closed, so it sees a
 * truncated response rather than a wrong one. A 101 answer to an upgrade request turns both connections
 * into a {@link Tunnel}. An answer with one of the route's custom error statuses hands the client over to a second
 * exchange, with the default backend, for the page ({@link ErrorPage}); a mirrored route's requests are copied by
 * {@link RequestMirror}.
 */
final class Exchange implements FutureListener<Channel>, Runnable, SelectionRequest {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    private static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    private static final String[] DOWNSTREAM_HTTP = {"proxy", "timeouts", "http"};
    private static final String[] UPSTREAM_HTTP = {"upstream", "idle", "http"};

    private final DownstreamHandler downstream;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final RouteStats stats;
    private final ClusterRuntime cluster;
    private final RouteFilters filters;
    private final UpstreamConnections connections;
    private final ProxyContext proxy;
    private final String strictTransportSecurity;
    private final ClientInfo client;
    private final UpstreamProtocol protocol;
    private final UpstreamTls tls;
    private final long connectTimeoutNanos;
    private final long readTimeoutNanos;
    private final long sendTimeoutNanos;
    private final int maxAttempts;
    private final NextUpstream nextUpstream;
    private final long maxBodyBytes;
    private final boolean keepAlive;
    private final boolean http10;
    private final boolean http2;
    private final boolean head;
    private final boolean expectContinue;
    private final boolean upgrade;
    private final long startNanos = System.nanoTime();
    private final long startMillis;
    private final String method;
    private final String uri;
    private final String host;
    /** The request's Origin, for the CORS headers of the response; null without one, or without response headers to add. */
    private final String origin;
    private Member[] tried;
    private final String[] affinityCookie = new String[1];
    private final ArrayDeque<HttpContent> early = new ArrayDeque<>(2);
    private final RequestPolicy policy;
    // where the pages of the route's custom errors come from, or null; the exchange that fetches one, once started
    private final ClusterRuntime errorPages;
    private Exchange errorPage;
    private boolean replacing;
    // for the exchange of an error page: the client is still sending the body of the request whose answer it replaces
    private boolean clientUploading;
    private RequestMirror.Copy mirrorCopy;

    private Member member;
    private Channel upstream;
    private Future<Channel> pending;
    private int attempts;
    private long attemptStart;
    private boolean reusedConnection;
    private boolean requestHeadWritten;
    private boolean requestComplete;
    private boolean requestBodySent;
    private long requestBodyBytes;
    private boolean responseStarted;
    private boolean skippingInformational;
    private boolean upstreamReusable;
    private boolean closeDownstream;
    private boolean done;
    private int status;
    private int failureStatus = 502;
    private String failure = "could not connect to the upstream";
    private long responseBytes;
    private long lastUpstreamRead;
    private long sendBlockedSince;
    private UpstreamHandler upstreamHandler;

    Exchange(DownstreamHandler downstream, ChannelHandlerContext ctx, HttpRequest request, RouteStats stats,
             ClusterRuntime cluster, RequestPolicy policy, RouteFilters filters, UpstreamConnections connections,
             ProxyContext proxy, ClientInfo client, boolean keepAlive, ClusterRuntime defaultBackend) {
        this.downstream = downstream;
        this.ctx = ctx;
        this.request = request;
        this.stats = stats;
        boolean standIn = ErrorPage.standsIn(filters, cluster, defaultBackend);
        this.cluster = standIn ? defaultBackend : cluster;
        this.errorPages = standIn ? null : ErrorPage.pages(filters, defaultBackend, cluster);
        this.policy = policy;
        this.filters = filters;
        this.connections = connections;
        this.proxy = proxy;
        this.client = client;
        this.keepAlive = keepAlive;
        ProxySettings settings = proxy.settings();
        this.protocol = this.cluster.policy().protocol();
        this.tls = this.cluster.policy().tls();
        this.strictTransportSecurity = client.scheme().toString().equals("https") ? policy.strictTransportSecurity() : null;
        this.connectTimeoutNanos = (policy.connectTimeout() != null ? policy.connectTimeout() : settings.upstreamConnectTimeout()).toNanos();
        this.readTimeoutNanos = (policy.readTimeout() != null ? policy.readTimeout() : settings.upstreamReadTimeout()).toNanos();
        this.sendTimeoutNanos = (policy.sendTimeout() != null ? policy.sendTimeout() : settings.upstreamSendTimeout()).toNanos();
        this.maxAttempts = policy.maxAttempts() > 0 ? policy.maxAttempts() : settings.upstreamMaxAttempts();
        this.nextUpstream = policy.nextUpstream();
        this.maxBodyBytes = policy.maxBodyBytes() != 0 ? policy.maxBodyBytes() : settings.maxRequestBodyBytes();
        this.http2 = ctx.channel() instanceof Http2StreamChannel;
        this.http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.head = HttpMethod.HEAD.equals(request.method());
        this.expectContinue = HttpUtil.is100ContinueExpected(request);
        this.upgrade = !http2 && protocol == UpstreamProtocol.HTTP1 && UpstreamRequest.isUpgrade(request);
        this.requestComplete = request instanceof LastHttpContent;
        this.method = request.method().name();
        this.uri = request.uri();
        this.host = request.headers().get(HttpHeaderNames.HOST);
        this.origin = filters != null && filters.changesResponses() ? request.headers().get(HttpHeaderNames.ORIGIN) : null;
        this.startMillis = proxy.accessLog().enabled() ? System.currentTimeMillis() : 0;
    }

    /** Rewrites the request for the upstream hop and starts the first attempt. */
    void start() {
        mirrorCopy = proxy.mirror().copy(filters, request, client, ctx.channel());
        if (host == null) {
            // an HTTP/1.0 client may leave Host out; the HTTP/1.1 request sent on may not: it names the address the
            // client reached, as nginx names the server
            request.headers().set(HttpHeaderNames.HOST, ProxyProtocolHandler.localAuthority(ctx.channel()));
        }
        UpstreamRequest.prepare(request, protocol, upgrade, http2, host, client, filters);
        connect();
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public String clientAddress() {
        return client.client().toString();
    }

    @Override
    public boolean tried(Member candidate) {
        if (attempts == 0) {
            return false;
        }
        if (tried == null) {
            return member == candidate;
        }
        for (int i = 0; i < attempts && i < tried.length; i++) {
            if (tried[i] == candidate) {
                return true;
            }
        }
        return false;
    }

    /** Remembers the members of earlier attempts; allocated only when there is a second attempt. */
    private void recordAttempt(Member next) {
        if (attempts > 0 && tried == null) {
            tried = new Member[Math.max(2, maxAttempts + 1)];
            tried[0] = member;
        }
        if (tried != null) {
            tried[Math.min(attempts, tried.length - 1)] = next;
        }
    }

    private void connect() {
        Member next = cluster.select(this, affinityCookie);
        if (next == null) {
            if (attempts == 0) {
                fail(503, "no ready endpoint for this route");
            } else {
                fail(failureStatus, failure);
            }
            return;
        }
        recordAttempt(next);
        member = next;
        attempts++;
        if (cluster.tracksInFlight()) {
            next.health().started();
        }
        attemptStart = System.nanoTime();
        if (protocol == UpstreamProtocol.HTTP1) {
            Channel pooled = connections.poll(next.endpoint(), tls);
            if (pooled != null) {
                attach(pooled);
                return;
            }
        }
        armTimer(connectTimeoutNanos);
        pending = connections.acquire(next.endpoint(), protocol, tls);
        if (!pending.isDone()) {
            // A new connection: hold the client's body until there is somewhere to send it.
            downstream.upstreamBlocked(true);
        }
        pending.addListener(this);
    }

    /** A pooled or new upstream connection (or stream) is ready, or could not be opened. */
    @Override
    public void operationComplete(Future<Channel> acquired) {
        if (acquired != pending) {
            releaseUnused(acquired);
            return;
        }
        pending = null;
        if (done) {
            releaseUnused(acquired);
            return;
        }
        if (!acquired.isSuccess()) {
            log.debug("connect to {} for cluster {} failed", member, cluster.name(), acquired.cause());
            connectFailed("connect");
            return;
        }
        attach(acquired.getNow());
    }

    /** The attempt has its connection: send what there is of the request. */
    private void attach(Channel channel) {
        upstream = channel;
        upstreamHandler = upstream.attr(UpstreamHandler.KEY).get();
        reusedConnection = upstreamHandler.attach(this);
        upstreamReusable = true;
        lastUpstreamRead = System.nanoTime();
        armTimer(requestComplete ? readTimeoutNanos : Math.min(readTimeoutNanos, sendTimeoutNanos));
        requestHeadWritten = true;
        upstream.write(request, upstream.voidPromise());
        if (requestComplete && !(request instanceof LastHttpContent) && early.isEmpty()) {
            // a replay: the end of the request was sent on the broken connection
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
        }
        HttpContent held;
        while ((held = early.poll()) != null) {
            // a body that went out is gone: the request can no longer be replayed
            requestBodySent |= held.content().isReadable()
                    || held instanceof LastHttpContent last && !last.trailingHeaders().isEmpty();
            upstream.write(held, upstream.voidPromise());
        }
        upstream.flush();
        if (expectContinue && !requestComplete) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE), ctx.voidPromise());
        }
        downstream.upstreamBlocked(!requestComplete && !upstream.isWritable());
    }

    /** A connection that came too late for its attempt goes back unused. */
    private void releaseUnused(Future<Channel> acquired) {
        if (acquired.isSuccess()) {
            Channel channel = acquired.getNow();
            UpstreamHandler handler = channel.attr(UpstreamHandler.KEY).get();
            connections.release(handler.endpoint(), protocol, tls, channel, handler, true);
        }
    }

    private void connectFailed(String reason) {
        proxy.metrics().upstreamError(cluster, reason);
        cluster.failed(member);
        endInFlight();
        boolean timedOut = reason.equals("timeout");
        failureStatus = timedOut ? 504 : 502;
        failure = timedOut ? "the upstream did not accept a connection in time" : "could not connect to the upstream";
        if (attempts < maxAttempts && !requestBodySent && (timedOut ? nextUpstream.timeout() : nextUpstream.error())) {
            connect();
        } else {
            fail(failureStatus, failure);
        }
    }

    /**
     * The rest of the client's body cannot be read (a malformed chunk): the upstream never gets the end of the request
     * (its connection is closed), and the client gets a 400 unless the upstream's answer has begun.
     */
    void requestMalformed() {
        if (done) {
            return;
        }
        if (responseStarted) {
            abort();
        } else {
            fail(400, "the request body could not be read", true);
        }
    }

    /** The next piece of the request body from the client. */
    void requestContent(HttpContent content) {
        if (done) {
            if (errorPage != null && content instanceof LastHttpContent) {
                errorPage.clientUploading = false;
            }
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        int size = content.content().readableBytes();
        requestBodyBytes += size;
        if (maxBodyBytes >= 0 && requestBodyBytes > maxBodyBytes) {
            content.release();
            if (responseStarted) {
                abort();
            } else {
                fail(413, "the request body is larger than " + maxBodyBytes + " bytes", true);
            }
            return;
        }
        if (last) {
            requestComplete = true;
        }
        if (mirrorCopy != null) {
            mirrorCopy = mirrorCopy.content(content, last);
        }
        if (upstream == null) {
            // still connecting: held until the connection is there (reading is paused meanwhile)
            early.add(content);
            return;
        }
        if (size > 0 || (last && !((LastHttpContent) content).trailingHeaders().isEmpty())) {
            requestBodySent = true;
        }
        upstream.writeAndFlush(content, upstream.voidPromise());
        if (last) {
            lastUpstreamRead = System.nanoTime();
            sendBlockedSince = 0;
            armTimer(readTimeoutNanos);
            downstream.upstreamBlocked(false);
        } else if (!upstream.isWritable()) {
            downstream.upstreamBlocked(true);
            if (sendBlockedSince == 0) {
                sendBlockedSince = System.nanoTime();
                armTimer(sendTimeoutNanos);
            }
        }
    }

    void onUpstreamWritable() {
        sendBlockedSince = 0;
        if (!done && !requestComplete) {
            downstream.upstreamBlocked(false);
        }
    }

    /** A piece of the response from the upstream. */
    void onResponse(HttpObject msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                upstreamFailed("protocol", response.decoderResult().cause());
                return;
            }
            int code = response.status().code();
            if (upgrade && code == 101) {
                switchProtocols(response);
                return;
            }
            if (code < 200) {
                // 1xx interim responses (such as 103 Early Hints) are the upstream's business with us.
                skippingInformational = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            if (nextUpstream.retriesStatus(code) && mayTryAnother()) {
                ReferenceCountUtil.release(msg);
                if (code >= 500) {
                    cluster.failed(member);
                }
                tryAnother(code, "every endpoint tried answered " + code);
                return;
            }
            if (errorPages != null && ErrorPage.replaces(filters, code)) {
                replaceAnswer(response);
                return;
            }
            startResponse(response);
            if (msg instanceof LastHttpContent) {
                finish(ctx.writeAndFlush(msg));
            } else {
                ctx.write(msg, ctx.voidPromise());
            }
            return;
        }
        HttpContent content = (HttpContent) msg;
        boolean last = content instanceof LastHttpContent;
        if (skippingInformational) {
            content.release();
            skippingInformational = !last;
            return;
        }
        if (replacing) {
            content.release();
            if (last) {
                replaced();
            }
            return;
        }
        responseBytes += content.content().readableBytes();
        if (last) {
            finish(ctx.writeAndFlush(content));
        } else {
            ctx.write(content, ctx.voidPromise());
        }
    }

    private void startResponse(HttpResponse response) {
        responseStarted = true;
        status = response.status().code();
        if (status >= 500) {
            cluster.failed(member);
        } else {
            cluster.succeeded(member);
        }
        upstreamReusable = HttpUtil.isKeepAlive(response);
        closeDownstream = DownstreamResponse.prepare(response, keepAlive && !proxy.draining(), http10, head);
        if (affinityCookie[0] != null) {
            DownstreamResponse.setAffinityCookie(response, cluster.policy().affinity(), affinityCookie[0],
                    request.headers().get(HttpHeaderNames.USER_AGENT));
        }
        if (strictTransportSecurity != null) {
            response.headers().set(STRICT_TRANSPORT_SECURITY, strictTransportSecurity);
        }
        if (filters != null && filters.rewritesLocation()) {
            String location = response.headers().get(HttpHeaderNames.LOCATION);
            if (location != null) {
                response.headers().set(HttpHeaderNames.LOCATION, filters.downstreamLocation(location));
            }
        }
        if (filters != null && filters.changesResponses()) {
            filters.addResponseHeaders(response.headers(), origin);
        }
        if (response instanceof HttpContent content) {
            responseBytes += content.content().readableBytes();
        }
    }

    /** The upstream accepted the upgrade: relay its 101, then both connections become a tunnel. */
    private void switchProtocols(HttpResponse response) {
        done = true;
        releaseEarly();
        responseStarted = true;
        status = 101;
        cancelTimer();
        cluster.succeeded(member);
        endInFlight();
        DownstreamResponse.prepareUpgrade(response);
        ctx.writeAndFlush(response);
        stats.count(101);
        logAccess();
        Channel up = upstream;
        upstream = null;
        UpstreamEndpoint endpoint = member.endpoint();
        upstreamHandler.forget();
        RateLimiter.Slot slot = downstream.upgraded();
        Tunnel.splice(ctx.channel(), DOWNSTREAM_HTTP, up, UPSTREAM_HTTP, readTimeoutNanos, () -> {
            connections.release(endpoint, protocol, tls, up, upstreamHandler, false);
            slot.release();
        });
    }

    void onUpstreamReadComplete() {
        if (done || upstream == null) {
            return;
        }
        lastUpstreamRead = System.nanoTime();
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            // the client is slow: stop reading the upstream until it catches up
            upstream.config().setAutoRead(false);
        }
    }

    void onDownstreamWritability(boolean writable) {
        if (errorPage != null) {
            errorPage.onDownstreamWritability(writable);
            return;
        }
        if (!done && upstream != null) {
            upstream.config().setAutoRead(writable);
        }
    }

    /** The upstream connection closed or failed (its handler has already let go of this exchange). */
    void onUpstreamFailed(Throwable cause) {
        upstreamFailed("reset", cause);
    }

    private void upstreamFailed(String reason, Throwable cause) {
        if (done) {
            return;
        }
        Channel failed = upstream;
        upstream = null;
        if (failed != null) {
            connections.release(member.endpoint(), protocol, tls, failed, upstreamHandler, false);
        }
        if (replacing) {
            // the answer being replaced was already in: the rest of its body is not needed
            replaced();
            return;
        }
        log.debug("upstream {} of cluster {} failed ({})", member, cluster.name(), reason, cause);
        if (responseStarted) {
            proxy.metrics().upstreamError(cluster, reason);
            cluster.failed(member);
            abort();
        } else if (reusedConnection && replayable()) {
            // A pooled connection the upstream had already closed says nothing about the upstream:
            // the request goes again, on a new connection, without counting as an attempt.
            endInFlight();
            attempts--;
            if (tried != null) {
                tried[Math.min(attempts, tried.length - 1)] = null;
            } else {
                member = null;
            }
            connect();
        } else {
            proxy.metrics().upstreamError(cluster, reason);
            cluster.failed(member);
            failureStatus = 502;
            failure = reason.equals("protocol") ? "the upstream sent a response that could not be read"
                    : "the upstream closed the connection before responding";
            boolean allowed = reason.equals("protocol") ? nextUpstream.invalidHeader() : nextUpstream.error();
            if (replayable() && attempts < maxAttempts && allowed) {
                endInFlight();
                connect();
            } else {
                fail(failureStatus, failure);
            }
        }
    }

    /** Timeouts: connecting, the upstream refusing request bytes, the upstream staying silent. */
    @Override
    public void run() {
        if (done) {
            return;
        }
        long now = System.nanoTime();
        long deadline;
        if (upstream == null) {
            deadline = attemptStart + connectTimeoutNanos;
            if (now - deadline >= 0) {
                Future<Channel> abandoned = pending;
                pending = null;
                if (abandoned != null) {
                    // a connection that still comes goes back to the pool; a wait for one ends
                    abandoned.cancel(false);
                    abandoned.addListener(this);
                }
                connectFailed("timeout");
                return;
            }
        } else if (!requestComplete && !responseStarted) {
            deadline = sendBlockedSince != 0 ? sendBlockedSince + sendTimeoutNanos : now + sendTimeoutNanos;
            if (sendBlockedSince != 0 && now - deadline >= 0) {
                proxy.metrics().upstreamError(cluster, "timeout");
                cluster.failed(member);
                fail(504, "the upstream did not take the request in time", true);
                return;
            }
        } else {
            deadline = lastUpstreamRead + readTimeoutNanos;
            if (now - deadline >= 0) {
                proxy.metrics().upstreamError(cluster, "timeout");
                cluster.failed(member);
                if (replacing) {
                    // the answer being replaced is in, only its body stalls: no other attempt, whose head would reach
                    // the client before the page's; the connection, mid-body, cannot be reused
                    upstreamReusable = false;
                    replaced();
                } else if (responseStarted) {
                    abort();
                } else if (nextUpstream.timeout() && mayTryAnother()) {
                    tryAnother(504, "the upstream did not answer in time");
                } else {
                    fail(504, "the upstream did not answer in time");
                }
                return;
            }
        }
        downstream.deadlines().arm(deadline, this);
    }

    private void armTimer(long delayNanos) {
        downstream.deadlines().arm(System.nanoTime() + delayNanos, this);
    }

    /** The client went away; the upstream connection cannot be trusted with a half-sent request. */
    void onDownstreamClosed() {
        if (errorPage != null) {
            errorPage.onDownstreamClosed();
            return;
        }
        if (done) {
            return;
        }
        done = true;
        releaseEarly();
        if (!requestHeadWritten) {
            // still waiting for an upstream connection (an HTTP/2 stream reset at once, say): nobody else will free it
            ReferenceCountUtil.release(request);
        }
        cancelTimer();
        endInFlight();
        releaseUpstream(false);
        status = responseStarted ? status : 499;
        stats.count(status);
        logAccess();
    }

    /** Bodies stream through and are not kept, so only a body-less request can be sent again. */
    private boolean replayable() {
        if (!requestComplete || requestBodySent || request instanceof HttpContent) {
            return false;
        }
        HttpMethod requestMethod = request.method();
        return nextUpstream.nonIdempotent() || !HttpMethod.POST.equals(requestMethod) && !HttpMethod.PATCH.equals(requestMethod)
                && !HttpMethod.CONNECT.equals(requestMethod);
    }

    /**
     * Whether the request may go to another endpoint: replayable, within its attempts, and an untried one is available.
     * Selection would still pick an ejected or unhealthy one, in panic; but, as nginx returns the last answer when no
     * server is left, an answer in hand is not dropped for an endpoint that is probably down.
     */
    private boolean mayTryAnother() {
        return replayable() && attempts < maxAttempts && cluster.availableUntried(this);
    }

    /** Drops this attempt's connection, and what the upstream sent on it, and tries the next endpoint. */
    private void tryAnother(int status, String detail) {
        // the next attempt's answer is the client's, unless it is replaced in turn
        replacing = false;
        releaseUpstream(false);
        endInFlight();
        failureStatus = status;
        failure = detail;
        connect();
    }

    private void finish(ChannelFuture lastWrite) {
        done = true;
        releaseEarly();
        cancelTimer();
        endInFlight();
        cluster.upstreamLatency().observe((System.nanoTime() - startNanos) / 1e9);
        stats.count(status);
        releaseUpstream(requestComplete && upstreamReusable);
        if (closeDownstream) {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
        logAccess();
        downstream.exchangeFinished(clientRequestComplete(), closeDownstream);
    }

    /** Whether the client sent all of its request: the page of an error has its own, complete, request. */
    private boolean clientRequestComplete() {
        return requestComplete && !clientUploading;
    }

    private void fail(int failStatus, String detail) {
        fail(failStatus, detail, false);
    }

    private void fail(int failStatus, String detail, boolean mustClose) {
        if (errorPages != null && !mustClose && ErrorPage.replaces(filters, failStatus)) {
            done = true;
            releaseEarly();
            cancelTimer();
            endInFlight();
            releaseUpstream(false);
            status = failStatus;
            startErrorPage();
            return;
        }
        done = true;
        releaseEarly();
        cancelTimer();
        endInFlight();
        releaseUpstream(false);
        status = failStatus;
        stats.count(failStatus);
        if (!requestHeadWritten) {
            ReferenceCountUtil.release(request);
        }
        // A client that waits for 100 Continue may or may not send its body now: only a new connection is safe.
        boolean reuse = keepAlive && !mustClose && !proxy.draining() && !(expectContinue && !requestComplete);
        LocalResponses.write(ctx, failStatus, LocalResponses.text(failStatus, detail), reuse, head, http10, null, null,
                answerHeaders());
        logAccess();
        downstream.exchangeFinished(clientRequestComplete(), !reuse);
    }

    private void abort() {
        done = true;
        releaseEarly();
        cancelTimer();
        endInFlight();
        releaseUpstream(false);
        stats.count(status);
        logAccess();
        ctx.close();
        downstream.exchangeFinished(clientRequestComplete(), true);
    }

    /** The route's response and CORS headers for an answer of the proxy's own (502, 503, 504, 413), or null. */
    private HttpHeaders answerHeaders() {
        if (filters == null || !filters.changesResponses()) {
            return null;
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        filters.addResponseHeaders(headers, origin);
        return headers;
    }

    /** An answer of one of the route's custom error statuses: dropped, with its body, for the default backend's page. */
    private void replaceAnswer(HttpResponse response) {
        status = response.status().code();
        if (status >= 500) {
            cluster.failed(member);
        } else {
            cluster.succeeded(member);
        }
        upstreamReusable = HttpUtil.isKeepAlive(response);
        replacing = !(response instanceof LastHttpContent);
        ReferenceCountUtil.release(response);
        if (!replacing) {
            replaced();
        }
    }

    private void replaced() {
        replacing = false;
        done = true;
        releaseEarly();
        cancelTimer();
        endInFlight();
        releaseUpstream(requestComplete && upstreamReusable);
        startErrorPage();
    }

    /**
     * Hands the client over to an exchange with the default backend for the page of {@code status}; this one only
     * passes it what happens to the client connection. The page's exchange counts and logs the request.
     */
    private void startErrorPage() {
        HttpRequest page = ErrorPage.request(request, uri, host, status, cluster.cluster().name(), filters, client.requestId());
        if (!requestHeadWritten) {
            ReferenceCountUtil.release(request);
        }
        // a client that waits for 100 Continue may or may not send its body now: only a new connection is safe
        boolean reuse = keepAlive && !(expectContinue && !requestComplete);
        errorPage = new Exchange(downstream, ctx, page, stats, errorPages, policy, ErrorPage.pageFilters(filters), connections, proxy,
                client, reuse, null);
        errorPage.clientUploading = !requestComplete;
        ErrorPage.retarget(page);
        errorPage.requestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        errorPage.start();
    }

    private void releaseUpstream(boolean reuse) {
        Channel channel = upstream;
        upstream = null;
        if (channel != null) {
            connections.release(member.endpoint(), protocol, tls, channel, upstreamHandler, reuse);
        }
    }

    private void releaseEarly() {
        if (mirrorCopy != null) {
            mirrorCopy.drop();
            mirrorCopy = null;
        }
        HttpContent held;
        while ((held = early.poll()) != null) {
            held.release();
        }
    }

    private void endInFlight() {
        if (member != null && cluster.tracksInFlight()) {
            member.health().ended();
        }
    }

    private void cancelTimer() {
        downstream.deadlines().disarm(this);
    }

    private void logAccess() {
        AccessLog accessLog = proxy.accessLog();
        if (accessLog.enabled() && (filters == null || filters.logged())) {
            accessLog.log(new AccessLogRecord(startMillis, client.requestId().toString(), client.client().toString(), method, uri,
                    http2 ? "HTTP/2" : http10 ? "HTTP/1.0" : "HTTP/1.1", host, stats.virtualHost(), stats.route(),
                    member == null ? null : member.endpoint().toString(), status, responseBytes, requestBodyBytes,
                    System.nanoTime() - startNanos, request.headers().get(HttpHeaderNames.USER_AGENT),
                    request.headers().get(HttpHeaderNames.REFERER)));
        }
    }
}
