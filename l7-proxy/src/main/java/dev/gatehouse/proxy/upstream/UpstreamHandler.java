package dev.gatehouse.proxy.upstream;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of an upstream channel, after the HTTP client codec: hands what the upstream sends to the
 * {@link UpstreamListener} (the exchange) that holds the connection, and tells it when the connection fails.
 *
 * <p>While the connection sits in its pool it keeps reading, so that a close by the upstream is seen at
 * once and the pool's health check drops the connection instead of lending it out dead.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    public static final AttributeKey<UpstreamHandler> KEY = AttributeKey.valueOf(UpstreamHandler.class, "upstream");

    private final UpstreamEndpoint endpoint;
    private ChannelHandlerContext ctx;
    private UpstreamListener exchange;
    private int served;

    public UpstreamHandler(UpstreamEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Lends the connection to an exchange; returns whether the connection served requests before. */
    public boolean attach(UpstreamListener newExchange) {
        exchange = newExchange;
        return served++ > 0;
    }

    /** How many exchanges the connection was lent to. */
    int served() {
        return served;
    }

    /** The exchange is done with the connection, which goes back to its pool. */
    void detach() {
        exchange = null;
        ctx.channel().config().setAutoRead(true);
    }

    /** The exchange is done with a connection that is being closed; its close must not call back. */
    public void forget() {
        exchange = null;
    }

    public UpstreamEndpoint endpoint() {
        return endpoint;
    }

    /** The connection (or stream) this handler ends. */
    public Channel channel() {
        return ctx.channel();
    }

    /** The handler at the end of {@code connection}'s pipeline. */
    public static UpstreamHandler of(Channel connection) {
        return connection.attr(KEY).get();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (exchange != null && msg instanceof HttpObject object) {
            if (object.decoderResult().isFailure()) {
                PeerFailures.count(context.channel(), object.decoderResult().cause() instanceof PrematureChannelClosureException
                        ? "closed" : "malformed", Causes.describe(object.decoderResult().cause()));
            }
            exchange.onResponse(object);
        } else {
            // Bytes from an idle upstream are a protocol error: the connection cannot be trusted again.
            ReferenceCountUtil.release(msg);
            context.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (exchange != null) {
            exchange.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (exchange != null && context.channel().isWritable()) {
            exchange.onUpstreamWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        UpstreamListener current = exchange;
        exchange = null;
        if (current != null) {
            // a half-close (FIN) before the response ended, or a silent close: the exchange answers 502
            PeerFailures.count(context.channel(), "closed", "the upstream closed the connection before the response ended");
            current.onUpstreamFailed(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        UpstreamListener current = exchange;
        exchange = null;
        if (current != null) {
            current.onUpstreamFailed(cause);
        }
        if (context.pipeline().get(PeerFailures.class) != null) {
            // counted, closed and logged (rate-limited) by the pipeline's last handler
            context.fireExceptionCaught(cause);
        } else {
            // an HTTP/2 stream: its failures are its connection's, counted there
            PeerFailures.count(context.channel(), PeerFailures.reason(cause), Causes.describe(cause));
            context.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent && exchange == null) {
            context.close();
        }
    }
}
