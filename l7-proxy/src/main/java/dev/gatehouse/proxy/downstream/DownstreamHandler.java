package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.exchange.Downstream;
import dev.gatehouse.proxy.exchange.ErrorPage;
import dev.gatehouse.proxy.exchange.Exchange;
import dev.gatehouse.proxy.filter.CorsPolicy;
import dev.gatehouse.proxy.filter.ExternalAuthCheck;
import dev.gatehouse.proxy.filter.PasswordChecks;
import dev.gatehouse.proxy.filter.RateLimiter;
import dev.gatehouse.proxy.filter.RequestFilter;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.filter.Verdict;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.ForwardedHeaders;
import dev.gatehouse.proxy.http.HopByHopHeaders;
import dev.gatehouse.proxy.http.HostRedirects;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.proxy.http.RequestHeadRules;
import dev.gatehouse.proxy.http.RequestIds;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.DeadlineTimer;
import dev.gatehouse.proxy.net.ProxyProtocolHandler;
import dev.gatehouse.proxy.observe.AccessLog;
import dev.gatehouse.proxy.observe.AccessLogRecord;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.upstream.UpstreamConnections;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a downstream HTTP/1.x connection (after the codec and the client timeouts) or of an
 * HTTP/2 stream (after the frame-to-object codec): routes each request through the live snapshot and
 * either answers it locally or hands it to an {@link Exchange}. A CORS preflight on a route with CORS is answered
 * first ({@link CorsPolicy}); the proxy's own answers on a forwarding route carry its response and CORS headers, as
 * the upstream's do. A forwarding route's {@link RateLimiter} comes
 * before its filters (the request holds its place among its client's requests in flight until it ends, however it
 * ends); then its {@link RouteFilters}: the client address against its allow list (403), then its basic auth (401), then its external auth (a subrequest, see {@link ExternalAuthCheck}).
 *
 * <p>The channel reads on its own while nothing stands in the way, so a keep-alive client costs no
 * extra system calls. Reading pauses when a pipelined request arrives while one is in flight (it waits,
 * in order, with what follows it), while the upstream cannot take more of a request body, and while a
 * password is being verified; it resumes when all are cleared. A password that was not verified recently
 * is checked by {@link PasswordChecks} on its own threads (bcrypt takes tens of milliseconds): meanwhile
 * what arrives waits in the same queue as pipelined requests, and the request goes on, on this channel's
 * event loop, once the verdict is in. The live routing is read once per request: a snapshot swap in the
 * middle of a request changes nothing for it.
 */
public final class DownstreamHandler extends ChannelInboundHandlerAdapter implements Downstream {

    private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString HTTPS = AsciiString.cached("https");
    // ACME HTTP-01 challenges must be answered over plain HTTP, and by whichever replica the CA reaches
    private static final String ACME_CHALLENGE = "/.well-known/acme-challenge/";

    private final ProxyContext proxy;
    private final ArrayDeque<HttpObject> pipelined = new ArrayDeque<>(4);
    private ChannelHandlerContext ctx;
    private UpstreamConnections connections;
    private String peer;
    private String port;
    private boolean peerTrusted;
    private boolean http2;
    private Exchange exchange;
    private boolean discarding;
    private boolean closing;
    private boolean upstreamBlocked;
    private boolean verifying;
    private boolean started;
    // the rate limiter's hold on the request in hand, given back however that request ends
    private RateLimiter.Slot inFlight = RateLimiter.Slot.NONE;
    // the filters of the forwarding route of the request in hand: its own answers carry the route's response and
    // CORS headers, as the upstream's do (one request is in hand at a time, also while a check is pending)
    private RouteFilters answering;
    private DeadlineTimer deadlines;
    private AsciiString peerValue;
    private AsciiString portValue;
    private AsciiString scheme;

    public DownstreamHandler(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        if (context.channel().isActive()) {
            begin();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        begin();
        context.fireChannelActive();
    }

    /** Once per connection (or stream), whether the handler came before or after the channel became active. */
    private void begin() {
        if (started) {
            return;
        }
        started = true;
        connections = proxy.connections(ctx.channel().eventLoop());
        peer = ProxyProtocolHandler.peer(ctx.channel());
        port = Integer.toString(ProxyProtocolHandler.localPort(ctx.channel()));
        peerValue = AsciiString.of(peer);
        portValue = AsciiString.of(port);
        deadlines = new DeadlineTimer(ctx.executor());
        peerTrusted = proxy.trustedProxies().contains(peer);
        http2 = ctx.channel() instanceof Http2StreamChannel;
        Channel connection = http2 ? ctx.channel().parent() : ctx.channel();
        scheme = connection.pipeline().get(SslHandler.class) != null ? HTTPS : HTTP;
    }

    /** The connection's timer, shared by its exchanges. */
    @Override
    public DeadlineTimer deadlines() {
        return deadlines;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (deadlines != null) {
            deadlines.cancel();
        }
        releaseSlot();
        Exchange current = exchange;
        exchange = null;
        releasePipelined();
        if (current != null) {
            current.onDownstreamClosed();
        }
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releasePipelined();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (closing || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
        } else if (verifying || !pipelined.isEmpty() || (exchange != null && msg instanceof HttpRequest)) {
            // A request that came before the one in flight was answered waits its turn, with its body;
            // so does the body of a request whose password is being verified.
            pipelined.add(object);
            updateReading();
        } else {
            dispatch(object);
        }
    }

    private void dispatch(HttpObject msg) {
        if (msg instanceof HttpRequest request) {
            onRequest(request);
        } else {
            onContent((HttpContent) msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (exchange != null) {
            exchange.onDownstreamWritability(context.channel().isWritable());
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event == ConnectionGuard.DRAIN) {
            if (exchange == null && !verifying && !discarding && pipelined.isEmpty()) {
                closing = true;
                context.close();
            }
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (http2 && cause instanceof DecoderException && cause.getCause() instanceof Http2Exception) {
            // a request the HTTP/2-to-HTTP/1 conversion refuses (:authority and Host disagree) is malformed, which
            // RFC 9113 section 8.1.1 answers with PROTOCOL_ERROR; closing alone would reset it with CANCEL
            context.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
        }
        // counted, closed and logged (rate-limited) by the pipeline's last handler
        context.fireExceptionCaught(cause);
    }

    /** The upstream can take no more of the request body for now (or can again): stop (or resume) reading. */
    @Override
    public void upstreamBlocked(boolean blocked) {
        upstreamBlocked = blocked;
        updateReading();
    }

    /** The exchange in flight has answered; the rest of its body, if any, is discarded; then the next request. */
    @Override
    public void exchangeFinished(boolean requestComplete, boolean close) {
        releaseSlot();
        exchange = null;
        upstreamBlocked = false;
        if (close) {
            closing = true;
            releasePipelined();
            return;
        }
        discarding = !requestComplete;
        drainPipelined();
    }

    /**
     * Hands on what waited: requests while none is in flight, and the body of the one in flight; stops at the
     * next request while one is in flight, and while a password is being verified.
     */
    private void drainPipelined() {
        HttpObject next;
        while (!closing && !verifying && (next = pipelined.peek()) != null && (exchange == null || !(next instanceof HttpRequest))) {
            dispatch(pipelined.poll());
        }
        updateReading();
    }

    /**
     * The exchange turned the connection into a tunnel; this handler is about to leave the pipeline. The request's
     * place in the connection limit goes to the tunnel, which gives it back when it closes: nginx's limit_conn counts
     * a WebSocket for as long as it is open.
     */
    @Override
    public RateLimiter.Slot upgraded() {
        RateLimiter.Slot slot = inFlight;
        inFlight = RateLimiter.Slot.NONE;
        exchange = null;
        closing = true;
        releasePipelined();
        return slot;
    }

    private void updateReading() {
        boolean read = !closing && !verifying && pipelined.isEmpty() && !upstreamBlocked;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    /** The request in hand ended (answered, failed, tunnelled or abandoned): its place in the rate limit is free. */
    private void releaseSlot() {
        inFlight.release();
        inFlight = RateLimiter.Slot.NONE;
    }

    private void releasePipelined() {
        HttpObject queued;
        while ((queued = pipelined.poll()) != null) {
            ReferenceCountUtil.release(queued);
        }
    }

    private void onRequest(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            rejectMalformed(request, result.cause());
            return;
        }
        String authority = request.headers().get(HttpHeaderNames.HOST);
        String target = request.uri();
        String absoluteAuthority = null;
        int pathStart = 0;
        if (isAbsoluteForm(target)) {
            int start = target.indexOf("//") + 2;
            pathStart = indexOfPathStart(target, start);
            absoluteAuthority = target.substring(start, pathStart);
        }
        RequestHeadRules.Refusal refusal = http2 ? RequestHeadRules.checkHttp2(request) : RequestHeadRules.check(request, absoluteAuthority);
        if (refusal != null) {
            refuse(request, refusal);
            return;
        }
        if (absoluteAuthority != null) {
            // RFC 9112 section 3.2.2: the authority of an absolute target replaces the Host header.
            authority = absoluteAuthority;
            target = pathStart == target.length() ? "/" : target.substring(pathStart);
            request.setUri(target);
            request.headers().set(HttpHeaderNames.HOST, authority);
        }
        String requestId = request.headers().get(RequestIds.X_REQUEST_ID);
        CharSequence clientAddress = peerTrusted
                ? AsciiString.of(ForwardedHeaders.client(request.headers(), peer, proxy.trustedProxies())) : peerValue;
        ClientInfo client = new ClientInfo(peerValue, clientAddress, peerTrusted, portValue,
                requestId != null ? requestId : RequestIds.generate(), scheme);
        LiveRouting live = proxy.live();
        Route route = live.snapshot().router().find(authority, target);
        RouteStats stats = live.stats(route);
        answering = null;
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !proxy.draining();
        String keyAuthorization = target.startsWith(ACME_CHALLENGE) ? live.snapshot().acmeChallenge(challengeToken(target)) : null;
        if (keyAuthorization != null) {
            stats.count(200);
            answerLocally(request, client, stats, 200, keyAuthorization, keepAlive, null, null);
            return;
        }
        if (route.action() instanceof RouteAction.Forward forward) {
            RequestPolicy policy = forward.policy();
            if (policy.redirectToHttps() && scheme == HTTP && !target.startsWith(ACME_CHALLENGE)) {
                int redirect = policy.httpsRedirectStatus();
                String location = "https://" + hostOnly(authority) + proxy.httpsRedirectSuffix() + target;
                stats.count(redirect);
                answerLocally(request, client, stats, redirect,
                        LocalResponses.text(redirect, "this host is served over HTTPS at " + location), keepAlive,
                        HttpHeaderNames.LOCATION, location);
                return;
            }
            answering = live.filters(route);
            Forwarding forwarding = new Forwarding(this, proxy, request, client, stats, live.cluster(forward, request.headers()),
                    policy, answering, keepAlive, ErrorPage.defaultBackend(live, answering));
            runFilters(forwarding, 0);
        } else if (route.action() instanceof RouteAction.Redirect redirect) {
            String location = HostRedirects.location(redirect, scheme, authority, target);
            stats.count(redirect.status());
            answerLocally(request, client, stats, redirect.status(), LocalResponses.text(redirect.status(), "moved to "
                    + location), keepAlive, HttpHeaderNames.LOCATION, location);
        } else {
            RouteAction.DirectResponse direct = (RouteAction.DirectResponse) route.action();
            stats.count(direct.status());
            answerLocally(request, client, stats, direct.status(), direct.body(), keepAlive, null, null);
        }
    }

    /**
     * Runs the route's filters from the {@code from}th on; a request that passes them all goes upstream. While a filter's
     * verdict is computed elsewhere (a password, an external auth subrequest) the connection stops reading, and what
     * arrives waits in the same queue as pipelined requests; the request goes on, on this event loop, with the verdict.
     */
    private void runFilters(Forwarding forwarding, int from) {
        RequestFilter[] chain = forwarding.chain();
        for (int i = from; i < chain.length; i++) {
            Verdict verdict = chain[i].check(forwarding);
            if (verdict.pending() != null) {
                suspend(forwarding, i + 1, verdict.pending());
                return;
            }
            if (verdict.answer() != null) {
                answer(forwarding, verdict.answer());
                return;
            }
        }
        exchange = new Exchange(this, ctx, forwarding.request(), forwarding.stats(), forwarding.cluster(), forwarding.policy(),
                forwarding.filters(), connections, proxy, forwarding.client(), forwarding.keepAlive(), forwarding.defaultBackend());
        exchange.start();
    }

    private void suspend(Forwarding forwarding, int next, CompletableFuture<Verdict> pending) {
        verifying = true;
        updateReading();
        EventExecutor loop = ctx.executor();
        // whenComplete, not thenAccept: a check that fails must still answer the request and let the connection read again
        pending.whenComplete((verdict, failure) -> {
            Verdict decided = failure == null ? verdict : Verdict.answer(500, "the request could not be checked");
            try {
                loop.execute(() -> resume(forwarding, next, decided));
            } catch (RejectedExecutionException shutDown) {
                ReferenceCountUtil.release(forwarding.request());
            }
        });
    }

    private void resume(Forwarding forwarding, int next, Verdict verdict) {
        verifying = false;
        if (closing || !ctx.channel().isActive()) {
            // the client left while its request was checked; what it had sent is already released
            ReferenceCountUtil.release(forwarding.request());
            return;
        }
        if (verdict.answer() != null) {
            answer(forwarding, verdict.answer());
        } else {
            runFilters(forwarding, next);
        }
        drainPipelined();
    }

    private void answer(Forwarding forwarding, Verdict.Answer answer) {
        forwarding.stats().count(answer.status());
        boolean keepAlive = forwarding.keepAlive() && !answer.close();
        if (answer.headers() != null) {
            answerLocally(forwarding.request(), forwarding.client(), forwarding.stats(), answer.status(), answer.body(), keepAlive,
                    answer.header(), answer.value(), answer.headers());
        } else {
            answerLocally(forwarding.request(), forwarding.client(), forwarding.stats(), answer.status(), answer.body(), keepAlive,
                    answer.header(), answer.value());
        }
    }

    /** Keeps the request's place in its route's rate limit until the request ends. */
    void hold(RateLimiter.Slot slot) {
        inFlight = slot;
    }

    /** The token of an ACME HTTP-01 challenge request: what follows the well-known prefix, without a query. */
    private static String challengeToken(String target) {
        int query = target.indexOf('?', ACME_CHALLENGE.length());
        return target.substring(ACME_CHALLENGE.length(), query < 0 ? target.length() : query);
    }

    /** The host of an authority without its port ({@code [::1]} stays bracketed); empty when there is none. */
    private static String hostOnly(String authority) {
        if (authority == null) {
            return "";
        }
        int end = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
        return end <= 0 ? authority : authority.substring(0, end);
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            log.debug("malformed request body from {}", peer, content.decoderResult().cause());
            if (exchange != null) {
                // as nginx and HAProxy do, the client learns why (400); nothing after it on the connection is read
                closing = true;
                releasePipelined();
                exchange.requestMalformed();
            } else {
                ctx.close();
            }
            return;
        }
        if (exchange != null) {
            if (content instanceof LastHttpContent last) {
                HopByHopHeaders.stripTrailers(last.trailingHeaders());
            }
            exchange.requestContent(content);
            return;
        }
        if (content instanceof LastHttpContent) {
            discarding = false;
        }
        content.release();
    }

    /** @param header a header the answer needs (Location, WWW-Authenticate), or null */
    private void answerLocally(HttpRequest request, ClientInfo client, RouteStats stats, int status, String body,
                               boolean keepAlive, CharSequence header, CharSequence value) {
        HttpHeaders extra = null;
        if (answering != null && answering.changesResponses()) {
            extra = new DefaultHttpHeaders();
            answering.addResponseHeaders(extra, request.headers().get(HttpHeaderNames.ORIGIN));
        }
        answerLocally(request, client, stats, status, body, keepAlive, header, value, extra);
    }

    /** @param extra more headers of the answer, or null */
    private void answerLocally(HttpRequest request, ClientInfo client, RouteStats stats, int status, String body,
                               boolean keepAlive, CharSequence header, CharSequence value, HttpHeaders extra) {
        releaseSlot();
        boolean complete = request instanceof LastHttpContent;
        // Without 100 Continue the client may hold back its body: only a fresh connection is safe after this answer.
        boolean reuse = keepAlive && (complete || !HttpUtil.is100ContinueExpected(request));
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        logLocal(request, client, stats, status, body);
        ReferenceCountUtil.release(request);
        if (reuse || complete) {
            LocalResponses.write(ctx, status, body, reuse, head, http10, header, value, extra);
        } else {
            LocalResponses.writeAndLinger(ctx, status, body, head, http10, header, value, extra);
        }
        if (!reuse) {
            closing = true;
            releasePipelined();
            updateReading();
            return;
        }
        discarding = !complete;
    }

    private void logLocal(HttpRequest request, ClientInfo client, RouteStats stats, int status, String body) {
        AccessLog accessLog = proxy.accessLog();
        if (accessLog.enabled() && (answering == null || answering.logged())) {
            accessLog.log(new AccessLogRecord(System.currentTimeMillis(), client.requestId().toString(), client.client().toString(),
                    request.method().name(), request.uri(),
                    http2 ? "HTTP/2" : request.protocolVersion().text(), request.headers().get(HttpHeaderNames.HOST),
                    stats.virtualHost(), stats.route(), null, status, body.length(), 0, 0,
                    request.headers().get(HttpHeaderNames.USER_AGENT), request.headers().get(HttpHeaderNames.REFERER)));
        }
    }

    private void rejectMalformed(HttpRequest request, Throwable cause) {
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        log.debug("malformed request from {}", peer, cause);
        refuse(request, new RequestHeadRules.Refusal(status, "the request could not be read"));
    }

    /**
     * Answers a request that cannot be read one way only and closes: whatever follows it on the connection
     * cannot be trusted to start where the proxy thinks. An HTTP/2 stream is only that stream.
     */
    private void refuse(HttpRequest request, RequestHeadRules.Refusal refusal) {
        ReferenceCountUtil.release(request);
        closing = true;
        releasePipelined();
        updateReading();
        String body = LocalResponses.text(refusal.status(), refusal.reason());
        if (http2) {
            // the answer ends the stream; the connection and its other streams go on
            LocalResponses.write(ctx, refusal.status(), body, true, false, false);
        } else {
            LocalResponses.writeAndLinger(ctx, refusal.status(), body, false, false, null, null, null);
        }
    }

    private static boolean isAbsoluteForm(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    private static int indexOfPathStart(String target, int from) {
        for (int i = from; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return target.length();
    }
}
