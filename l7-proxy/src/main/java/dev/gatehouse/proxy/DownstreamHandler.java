package dev.gatehouse.proxy;

import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a downstream HTTP/1.x connection (after the codec, the client timeouts and the
 * flow-control handler) or of an HTTP/2 stream (after the frame-to-object codec): routes each request
 * through the live snapshot and either answers it locally or hands it to an {@link Exchange}.
 *
 * <p>The channel does not read on its own; this handler asks for one message at a time
 * ({@link #requestRead()}), so pipelined requests wait in order behind the one in flight, and a request
 * body is read only as fast as the upstream takes it. A read cycle may end without a message (Netty's
 * {@code read()} contract); the demand is then renewed on {@code channelReadComplete}. The live routing
 * is read once per request: a snapshot swap in the middle of a request changes nothing for it.
 */
final class DownstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

    private final ProxyContext proxy;
    private ChannelHandlerContext ctx;
    private UpstreamConnections connections;
    private String peer;
    private String port;
    private boolean peerTrusted;
    private boolean http2;
    private Exchange exchange;
    private boolean discarding;
    private boolean closing;
    private boolean wantsRead;
    private boolean started;

    DownstreamHandler(ProxyContext proxy) {
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
        peerTrusted = proxy.trustedProxies().contains(peer);
        http2 = ctx.channel() instanceof Http2StreamChannel;
        requestRead();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.onDownstreamClosed();
        }
        context.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        wantsRead = false;
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HttpRequest request) {
            onRequest(request);
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (wantsRead && !closing) {
            context.read();
        }
    }

    /** Asks for the next message (request head or body chunk); it may arrive at once, from the flow-control queue. */
    void requestRead() {
        wantsRead = true;
        ctx.read();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (exchange != null && context.channel().isWritable()) {
            exchange.onDownstreamWritable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event == ConnectionGuard.DRAIN) {
            if (exchange == null && !discarding) {
                closing = true;
                context.close();
            }
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("downstream connection from {} failed", peer, cause);
        context.close();
    }

    /** The exchange in flight has answered; read the rest of its request body if any, then the next request. */
    void exchangeFinished(boolean requestComplete, boolean close) {
        exchange = null;
        if (close) {
            closing = true;
            return;
        }
        discarding = !requestComplete;
        requestRead();
    }

    /** The exchange turned the connection into a tunnel; this handler is about to leave the pipeline. */
    void upgraded() {
        exchange = null;
        closing = true;
    }

    private void onRequest(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            rejectMalformed(request, result.cause());
            return;
        }
        String authority = request.headers().get(HttpHeaderNames.HOST);
        String target = request.uri();
        if (isAbsoluteForm(target)) {
            // RFC 9112 section 3.2.2: the authority of an absolute target replaces the Host header.
            int start = target.indexOf("//") + 2;
            int end = indexOfPathStart(target, start);
            authority = target.substring(start, end);
            target = end == target.length() ? "/" : target.substring(end);
            request.setUri(target);
            request.headers().set(HttpHeaderNames.HOST, authority);
        }
        String requestId = request.headers().get(RequestIds.X_REQUEST_ID);
        ClientInfo client = new ClientInfo(peer,
                peerTrusted ? ForwardedHeaders.client(request.headers(), peer, proxy.trustedProxies()) : peer,
                peerTrusted, port, requestId != null ? requestId : RequestIds.generate());
        LiveRouting live = proxy.live();
        Route route = live.snapshot().router().find(authority, target);
        RouteStats stats = live.stats(route);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !proxy.draining();
        if (route.action() instanceof RouteAction.Forward forward) {
            RequestPolicy policy = forward.policy();
            long limit = policy.maxBodyBytes() != 0 ? policy.maxBodyBytes() : proxy.settings().maxRequestBodyBytes();
            if (limit >= 0 && HttpUtil.getContentLength(request, -1L) > limit) {
                stats.count(413);
                answerLocally(request, client, stats, 413,
                        LocalResponses.text(413, "the request body is larger than " + limit + " bytes"), false);
                return;
            }
            exchange = new Exchange(this, ctx, request, stats, live.cluster(forward.cluster()), policy, connections, proxy,
                    client, keepAlive);
            exchange.start();
        } else {
            RouteAction.DirectResponse direct = (RouteAction.DirectResponse) route.action();
            stats.count(direct.status());
            answerLocally(request, client, stats, direct.status(), direct.body(), keepAlive);
        }
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            log.debug("malformed request body from {}", peer, content.decoderResult().cause());
            ctx.close();
            return;
        }
        if (exchange != null) {
            exchange.requestContent(content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (discarding) {
            discarding = !last;
            requestRead();
        }
    }

    private void answerLocally(HttpRequest request, ClientInfo client, RouteStats stats, int status, String body,
                               boolean keepAlive) {
        boolean complete = request instanceof LastHttpContent;
        // Without 100 Continue the client may hold back its body: only a fresh connection is safe after this answer.
        boolean reuse = keepAlive && (complete || !HttpUtil.is100ContinueExpected(request));
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        logLocal(request, client, stats, status, body);
        ReferenceCountUtil.release(request);
        LocalResponses.write(ctx, status, body, reuse, head, http10);
        if (!reuse) {
            closing = true;
            return;
        }
        discarding = !complete;
        requestRead();
    }

    private void logLocal(HttpRequest request, ClientInfo client, RouteStats stats, int status, String body) {
        AccessLog accessLog = proxy.accessLog();
        if (accessLog.enabled()) {
            accessLog.log(new AccessLogRecord(System.currentTimeMillis(), client.requestId(), client.client(),
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
        ReferenceCountUtil.release(request);
        closing = true;
        LocalResponses.write(ctx, status, LocalResponses.text(status, "the request could not be read"), false, false, false);
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
