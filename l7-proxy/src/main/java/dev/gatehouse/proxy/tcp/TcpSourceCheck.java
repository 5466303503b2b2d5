package dev.gatehouse.proxy.tcp;

import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.net.Cidrs;
import dev.gatehouse.proxy.net.TcpAddresses;
import dev.gatehouse.routing.TcpListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.ReferenceCountUtil;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The handler of a TCP listener's connection that lets in only clients in the listener's allowed sources,
 * after the PROXY protocol decoder when the listener has one and before {@link TcpConnector}; a listener
 * open to every client has none. The client is the socket's peer, checked when the connection becomes
 * active, or the one the PROXY header names, checked when the header arrives. An allowed connection goes on
 * without this handler; a denied one is closed before {@link TcpConnector} hears of it, so no upstream is
 * asked.
 */
public final class TcpSourceCheck extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TcpSourceCheck.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);
    /** No ranges: {@link Cidrs#contains} is false for every address. */
    private static final Cidrs NOBODY = Cidrs.parse(List.of());

    private final TcpListener listener;
    private final Cidrs allowed;
    private final CounterDataPoint denied;

    /** @param allowed the listener's allowed sources, from {@link #compile} */
    public TcpSourceCheck(TcpListener listener, Cidrs allowed, CounterDataPoint denied) {
        this.listener = listener;
        this.allowed = allowed;
        this.denied = denied;
    }

    /**
     * The ranges of {@code listener}'s allowed sources, or null when it allows every client. A source that is
     * not an address or range should have been refused by the translator; if one gets here the listener
     * refuses every client, since allowing all would open what the list was meant to close.
     */
    static Cidrs compile(TcpListener listener) {
        if (listener.allowedSources().isEmpty()) {
            return null;
        }
        try {
            return Cidrs.parse(listener.allowedSources());
        } catch (IllegalArgumentException invalid) {
            log.error("TCP listener {}: allowed sources {}: {}; every client is refused until the list is fixed",
                    listener.name(), listener.allowedSources(), invalid.getMessage());
            return NOBODY;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (listener.acceptProxyProtocol()) {
            // the client is known once the header is there
            ctx.fireChannelActive();
        } else if (admits(ctx, TcpAddresses.of(ctx.channel()))) {
            ctx.fireChannelActive();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage header) {
            if (admits(ctx, TcpAddresses.from(header, TcpAddresses.of(ctx.channel())))) {
                ctx.fireChannelRead(header);
            } else {
                header.release();
            }
        } else {
            // only bytes read with the header of a denied client get here: this handler is gone once one is allowed
            ReferenceCountUtil.release(msg);
        }
    }

    /** Whether the client of {@code addresses} may connect: then this handler leaves the pipeline, else the connection closes. */
    private boolean admits(ChannelHandlerContext ctx, TcpAddresses addresses) {
        String client = addresses.clientAddress();
        if (allowed.contains(client)) {
            ctx.pipeline().remove(this);
            return true;
        }
        denied.inc();
        LIMITED.log("tcp source denied", "TCP listener {}: client {} is not in the allowed sources {}; closing its connection",
                listener.name(),
                client, listener.allowedSources());
        ctx.close();
        return false;
    }
}
