package dev.gatehouse.proxy;

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
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a downstream HTTP/1.x channel, after the codec and the flow-control handler: routes each
 * request through the live snapshot and either answers it locally or hands it to an {@link Exchange}.
 *
 * <p>The channel does not read on its own; this handler asks for one message at a time
 * ({@link #requestRead()}), so pipelined requests wait in order behind the one in flight, and a request
 * body is read only as fast as the upstream takes it. A read cycle may end without a message (Netty's
 * {@code read()} contract); the demand is then renewed on {@code channelReadComplete}. The live routing is read once per request: a snapshot swap in the middle of a
 * request changes nothing for it.
 */
final class DownstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

    private final ProxyContext proxy;
    private ChannelHandlerContext ctx;
    private UpstreamPools pools;
    private String clientAddress;
    private String listenerPort;
    private Exchange exchange;
    private boolean discarding;
    private boolean closing;
    private boolean wantsRead;

    DownstreamHandler(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        proxy.metrics().connectionOpened();
        pools = proxy.pools(context.channel().eventLoop());
        InetSocketAddress remote = (InetSocketAddress) context.channel().remoteAddress();
        InetSocketAddress local = (InetSocketAddress) context.channel().localAddress();
        clientAddress = remote.getAddress().getHostAddress();
        listenerPort = Integer.toString(local.getPort());
        requestRead();
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        proxy.metrics().connectionClosed();
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
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("downstream connection from {} failed", clientAddress, cause);
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
        LiveRouting live = proxy.live();
        Route route = live.snapshot().router().find(authority, target);
        RouteStats stats = live.stats(route);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (route.action() instanceof RouteAction.Forward forward) {
            exchange = new Exchange(this, ctx, request, stats, live.cluster(forward.cluster()), pools, proxy.metrics(),
                    proxy.readTimeoutNanos(), keepAlive);
            exchange.start(authority, clientAddress, listenerPort);
        } else {
            RouteAction.DirectResponse direct = (RouteAction.DirectResponse) route.action();
            stats.count(direct.status());
            answerLocally(request, direct.status(), direct.body(), keepAlive);
        }
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            log.debug("malformed request body from {}", clientAddress, content.decoderResult().cause());
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

    private void answerLocally(HttpRequest request, int status, String body, boolean keepAlive) {
        boolean complete = request instanceof LastHttpContent;
        // Without 100 Continue the client may hold back its body: only a fresh connection is safe after this answer.
        boolean reuse = keepAlive && (complete || !HttpUtil.is100ContinueExpected(request));
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        ReferenceCountUtil.release(request);
        LocalResponses.write(ctx, status, body, reuse, head, http10);
        if (!reuse) {
            closing = true;
            return;
        }
        discarding = !complete;
        requestRead();
    }

    private void rejectMalformed(HttpRequest request, Throwable cause) {
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        log.debug("malformed request from {}", clientAddress, cause);
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
