package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.exchange.Downstream;
import dev.gatehouse.proxy.exchange.ExchangeSlot;
import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.filter.RequestSlot;
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
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of a downstream HTTP/1.x connection (after the codec and the client timeouts) or of an HTTP/2 stream
 * (after the frame-to-object codec). Each request goes through three stages: {@link RequestRouter} routes it through
 * the live snapshot (or refuses its head), the route's filters check it in order ({@link FilterRun}), and an
 * exchange forwards it ({@link ExchangeSlot}); an answer of the proxy's own, at any stage, is written by {@link LocalAnswers}.
 *
 * <p>The channel reads on its own while nothing stands in the way, so a keep-alive client costs no extra system
 * calls. Reading pauses when a pipelined request arrives while one is in flight (it waits, in order, with what follows
 * it), while the upstream cannot take more of a request body, and while a filter's verdict is computed off the event
 * loop (a password, an external auth subrequest); it resumes when all are cleared.
 */
public final class DownstreamHandler extends ChannelInboundHandlerAdapter implements Downstream, Checked {

    /** Its name in the pipeline. */
    static final String NAME = "proxy";

    private final ProxyContext proxy;
    private ChannelHandlerContext ctx;
    private HeldInbound inbound;
    private UpstreamConnections connections;
    private String peer;
    private boolean http2;
    private RequestRouter router;
    private LocalAnswers answers;
    private FilterRun filters;
    private ExchangeSlot exchange;
    private boolean discarding;
    private boolean started;
    private final RequestInHand inHand = new RequestInHand();
    private DeadlineTimer deadlines;
    /** The HTTP/2 connection's timer a stream shares with its siblings, or null for a connection's own. */
    private final DeadlineTimer connectionTimer;

    public DownstreamHandler(ProxyContext proxy) {
        this(proxy, null);
    }

    DownstreamHandler(ProxyContext proxy, DeadlineTimer connectionTimer) {
        this.proxy = proxy;
        this.connectionTimer = connectionTimer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        inbound = new HeldInbound(context.channel());
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
        deadlines = connectionTimer != null ? connectionTimer : new DeadlineTimer(ctx.executor());
        http2 = ctx.channel() instanceof Http2StreamChannel;
        Channel connection = http2 ? ctx.channel().parent() : ctx.channel();
        answers = new LocalAnswers(ctx, proxy, http2);
        filters = new FilterRun(ctx, inbound, this);
        router = new RequestRouter(proxy, peer, AsciiString.of(Integer.toString(ProxyProtocolHandler.localPort(ctx.channel()))),
                connection.pipeline().get(SslHandler.class) != null ? RequestRouter.HTTPS : RequestRouter.HTTP, http2,
                new ClientCertificateGate(connection));
    }

    /** The connection's timer, shared by its exchanges. */
    @Override
    public DeadlineTimer deadlines() {
        return deadlines;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (deadlines != null && connectionTimer == null) {
            deadlines.cancel();
        }
        inHand.release();
        ExchangeSlot current = exchange;
        exchange = null;
        inbound.releaseAll();
        if (current != null) {
            // a client that closed, or half-closed (FIN) and so lost the connection, with its request in flight
            PeerFailures.count(context.channel(), "closed", "the client closed with a request in flight");
            current.onDownstreamClosed();
        }
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        inbound.releaseAll();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (inbound.closing() || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
        } else if (inbound.verifying() || !inbound.isEmpty() || (exchange != null && msg instanceof HttpRequest)) {
            // A request that came before the one in flight was answered waits its turn, with its body;
            // so does the body of a request whose password is being verified.
            inbound.hold(object);
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
            if (exchange == null && !inbound.verifying() && !discarding && inbound.isEmpty()) {
                inbound.close();
                context.close();
            }
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (http2) {
            MalformedRequests.resetStream(context, cause);
        }
        // counted, closed and logged (rate-limited) by the pipeline's last handler
        context.fireExceptionCaught(cause);
    }

    /** The upstream can take no more of the request body for now (or can again): stop (or resume) reading. */
    @Override
    public void upstreamBlocked(boolean blocked) {
        inbound.upstreamBlocked(blocked);
        inbound.updateReading();
    }

    /** The exchange in flight has answered; the rest of its body, if any, is discarded; then the next request. */
    @Override
    public void exchangeFinished(boolean requestComplete, boolean close) {
        inHand.release();
        exchange = null;
        inbound.upstreamBlocked(false);
        if (close) {
            inbound.close();
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
        while (!inbound.closing() && !inbound.verifying() && (next = inbound.peek()) != null
                && (exchange == null || !(next instanceof HttpRequest))) {
            dispatch(inbound.poll());
        }
        inbound.updateReading();
    }

    /**
     * The exchange turned the connection into a tunnel; this handler is about to leave the pipeline. The request's
     * place in the connection limit goes to the tunnel, which gives it back when it closes: nginx's limit_conn counts
     * a WebSocket for as long as it is open.
     */
    @Override
    public RequestSlot upgraded() {
        exchange = null;
        inbound.close();
        return inHand.handOver();
    }

    private void onRequest(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            refuse(request, MalformedRequests.head(peer, result.cause()));
            return;
        }
        inHand.routed(null);
        RequestRouter.Routed routed = router.route(request, inHand::hold);
        if (routed instanceof RequestRouter.Refused refused) {
            refuse(request, refused.refusal());
        } else if (routed instanceof RequestRouter.Answered answered) {
            answer(request, answered.client(), answered.stats(), answered.answer(), true, null);
        } else {
            Forwarding forwarding = ((RequestRouter.Forwarded) routed).forwarding();
            inHand.routed(forwarding.filters());
            filters.run(forwarding, 0);
        }
    }

    @Override
    public void passed(Forwarding forwarding) {
        ExchangeSlot started = ExchangeSlot.of(this, ctx, forwarding.request(), forwarding.stats(), forwarding.cluster(),
                forwarding.policy(), forwarding.filters(), connections, proxy, forwarding.client(), forwarding.keepAlive(),
                forwarding.defaultBackend());
        // in flight before it starts: an exchange that ends at once (no endpoint) tells exchangeFinished so
        exchange = started;
        started.start(forwarding.cookies());
    }

    @Override
    public void answered(Forwarding forwarding, Verdict.Answer answer) {
        answer(forwarding.request(), forwarding.client(), forwarding.stats(), answer, forwarding.keepAlive(), forwarding.cookies());
    }

    @Override
    public void resumed() {
        drainPipelined();
    }

    /**
     * @param keepAlive whether the connection may stay open, unless the answer closes it
     * @param cookies   the external auth service's cookies for the answer, or null
     */
    private void answer(HttpRequest request, ClientInfo client, RouteStats stats, Verdict.Answer answer, boolean keepAlive,
                        AuthCookies cookies) {
        inHand.release();
        stats.count(answer.status());
        boolean complete = request instanceof LastHttpContent;
        if (answers.write(request, client, stats, answer, keepAlive, inHand.answering(), cookies)) {
            discarding = !complete;
        } else {
            inbound.close();
            inbound.updateReading();
        }
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            MalformedRequests.body(peer, content.decoderResult().cause());
            if (exchange != null) {
                // as nginx and HAProxy do, the client learns why (400); nothing after it on the connection is read
                inbound.close();
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

    /**
     * Answers a request that cannot be read one way only and closes: whatever follows it on the connection
     * cannot be trusted to start where the proxy thinks. An HTTP/2 stream is only that stream.
     */
    private void refuse(HttpRequest request, RequestHeadRules.Refusal refusal) {
        inbound.close();
        inbound.updateReading();
        answers.refuse(request, refusal);
    }
}
