package dev.gatehouse.proxy.downstream;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.exchange.Downstream;
import dev.gatehouse.proxy.exchange.Exchange;
import dev.gatehouse.proxy.filter.RequestFilter;
import dev.gatehouse.proxy.filter.RequestSlot;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.filter.Verdict;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.HopByHopHeaders;
import dev.gatehouse.proxy.http.RequestHeadRules;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.DeadlineTimer;
import dev.gatehouse.proxy.net.ProxyProtocolHandler;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.upstream.UpstreamConnections;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
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
import org.slf4j.event.Level;

/**
 * Last handler of a downstream HTTP/1.x connection (after the codec and the client timeouts) or of an HTTP/2 stream
 * (after the frame-to-object codec). Each request goes through three stages: {@link RequestRouter} routes it through
 * the live snapshot (or refuses its head), the route's {@link RequestFilter}s check it in order, and an
 * {@link Exchange} forwards it; an answer of the proxy's own, at any stage, is written by {@link LocalAnswers}.
 *
 * <p>The channel reads on its own while nothing stands in the way, so a keep-alive client costs no extra system
 * calls. Reading pauses when a pipelined request arrives while one is in flight (it waits, in order, with what follows
 * it), while the upstream cannot take more of a request body, and while a filter's verdict is computed off the event
 * loop (a password, an external auth subrequest); it resumes when all are cleared.
 */
public final class DownstreamHandler extends ChannelInboundHandlerAdapter implements Downstream {

    /** Its name in the pipeline. */
    static final String NAME = "proxy";

    private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);

    private final ProxyContext proxy;
    private final ArrayDeque<HttpObject> pipelined = new ArrayDeque<>(4);
    private ChannelHandlerContext ctx;
    private UpstreamConnections connections;
    private String peer;
    private boolean http2;
    private RequestRouter router;
    private LocalAnswers answers;
    private Exchange exchange;
    private boolean discarding;
    private boolean closing;
    private boolean upstreamBlocked;
    private boolean verifying;
    private boolean started;
    // the rate limiter's hold on the request in hand, given back however that request ends
    private RequestSlot inFlight = RequestSlot.NONE;
    // the filters of the forwarding route of the request in hand: its own answers carry the route's response and
    // CORS headers, as the upstream's do (one request is in hand at a time, also while a check is pending)
    private RouteFilters answering;
    private DeadlineTimer deadlines;

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
        deadlines = new DeadlineTimer(ctx.executor());
        http2 = ctx.channel() instanceof Http2StreamChannel;
        Channel connection = http2 ? ctx.channel().parent() : ctx.channel();
        answers = new LocalAnswers(ctx, proxy, http2);
        router = new RequestRouter(proxy, peer, AsciiString.of(Integer.toString(ProxyProtocolHandler.localPort(ctx.channel()))),
                connection.pipeline().get(SslHandler.class) != null ? RequestRouter.HTTPS : RequestRouter.HTTP, http2);
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
            // a client that closed, or half-closed (FIN) and so lost the connection, with its request in flight
            PeerFailures.count(context.channel(), "closed", "the client closed with a request in flight");
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
        if (event == DrainEvent.DRAIN) {
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
    public RequestSlot upgraded() {
        RequestSlot slot = inFlight;
        inFlight = RequestSlot.NONE;
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
        inFlight = RequestSlot.NONE;
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
        answering = null;
        RequestRouter.Routed routed = router.route(request, this::hold);
        if (routed instanceof RequestRouter.Refused refused) {
            refuse(request, refused.refusal());
        } else if (routed instanceof RequestRouter.Answered answered) {
            answer(request, answered.client(), answered.stats(), answered.answer(), true);
        } else {
            Forwarding forwarding = ((RequestRouter.Forwarded) routed).forwarding();
            answering = forwarding.filters();
            runFilters(forwarding, 0);
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
        exchange.passCookies(forwarding.cookies());
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
        answer(forwarding.request(), forwarding.client(), forwarding.stats(), answer, forwarding.keepAlive());
    }

    /** @param keepAlive whether the connection may stay open, unless the answer closes it */
    private void answer(HttpRequest request, ClientInfo client, RouteStats stats, Verdict.Answer answer, boolean keepAlive) {
        releaseSlot();
        stats.count(answer.status());
        boolean complete = request instanceof LastHttpContent;
        if (answers.write(request, client, stats, answer, keepAlive, answering)) {
            discarding = !complete;
        } else {
            closing = true;
            releasePipelined();
            updateReading();
        }
    }

    /** Keeps the request's place in its route's rate limit until the request ends. */
    private void hold(RequestSlot slot) {
        inFlight = slot;
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            LIMITED.log("malformed request body", "malformed request body from {}: {}", peer,
                    Causes.describe(content.decoderResult().cause()));
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

    private void rejectMalformed(HttpRequest request, Throwable cause) {
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        LIMITED.log("malformed request", "malformed request from {}: {}", peer, Causes.describe(cause));
        refuse(request, new RequestHeadRules.Refusal(status, "the request could not be read"));
    }

    /**
     * Answers a request that cannot be read one way only and closes: whatever follows it on the connection
     * cannot be trusted to start where the proxy thinks. An HTTP/2 stream is only that stream.
     */
    private void refuse(HttpRequest request, RequestHeadRules.Refusal refusal) {
        closing = true;
        releasePipelined();
        updateReading();
        answers.refuse(request, refusal);
    }
}
