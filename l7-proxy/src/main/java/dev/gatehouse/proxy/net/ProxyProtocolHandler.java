package dev.gatehouse.proxy.net;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * After Netty's PROXY protocol decoder (v1 and v2): keeps the client address the load balancer in front
 * reports, so that it, not the load balancer's, is the peer of every request on the connection. A
 * connection that does not start with a PROXY header is closed by the decoder.
 */
public final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);

    private static final AttributeKey<String> PEER = AttributeKey.valueOf(ProxyProtocolHandler.class, "peer");

    // Netty's decoder may still pass on a header it read after the bytes it refused: the connection stays refused
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HAProxyMessage header) {
            try {
                if (header.sourceAddress() != null) {
                    ctx.channel().attr(PEER).set(header.sourceAddress());
                }
            } finally {
                header.release();
            }
            ctx.pipeline().remove(this);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    /**
     * A malformed header is the client's fault, not the proxy's. While this handler is in the pipeline the client
     * has sent nothing but its header, so whatever the decoder throws is about that header: a protocol error, or an
     * IndexOutOfBoundsException for a v2 TLV longer than the header (found by ProxyProtocolFuzzTest). Unhandled it
     * reached the end of the pipeline, where Netty logs a warning with a stack trace for every such connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!refused) {
            refused = true;
            LIMITED.log("malformed proxy protocol", "closed a connection from {} whose PROXY protocol header is malformed: {}",
                    ctx.channel().remoteAddress(), Causes.describe(cause));
        }
        ctx.close();
    }

    /** The peer address of a connection or stream: the PROXY protocol's source when there was one. */
    public static String peer(Channel channel) {
        Channel connection = channel.parent() != null && !(channel.parent() instanceof io.netty.channel.ServerChannel)
                ? channel.parent() : channel;
        String reported = connection.attr(PEER).get();
        if (reported != null) {
            return reported;
        }
        InetSocketAddress remote = (InetSocketAddress) connection.remoteAddress();
        return remote == null ? "" : remote.getAddress().getHostAddress();
    }

    /** The listener address a connection or stream came in on, as an authority ({@code [::1]:8080} for IPv6). */
    public static String localAuthority(Channel channel) {
        Channel connection = channel.parent() != null && !(channel.parent() instanceof io.netty.channel.ServerChannel)
                ? channel.parent() : channel;
        InetSocketAddress local = (InetSocketAddress) connection.localAddress();
        if (local == null) {
            return "localhost";
        }
        String address = local.getAddress().getHostAddress();
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + local.getPort();
    }

    /** The listener port a connection or stream came in on. */
    public static int localPort(Channel channel) {
        Channel connection = channel.parent() != null && !(channel.parent() instanceof io.netty.channel.ServerChannel)
                ? channel.parent() : channel;
        InetSocketAddress local = (InetSocketAddress) connection.localAddress();
        return local == null ? 0 : local.getPort();
    }
}
