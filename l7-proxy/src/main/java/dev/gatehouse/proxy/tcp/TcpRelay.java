package dev.gatehouse.proxy.tcp;

import dev.gatehouse.proxy.net.ByteRelay;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.observe.TcpStats;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * The last handler of both channels of a TCP listener's connection once its upstream is connected: bytes
 * read on one side are written to the other, counted on the way.
 *
 * <p>A side is not read while the other cannot take more. When one side shuts its output (half-close,
 * which both channels allow) the other's output is shut once what was read before is flushed, and both
 * close when both directions have ended; when one side closes or fails, the other closes after a flush.
 * The downstream pipeline's {@code tcp-idle} handler closes a connection silent both ways for the idle
 * timeout.
 */
public final class TcpRelay extends ByteRelay {

    private final CounterDataPoint bytes;
    // this connection's share of the counter, for its span; read on the same event loop
    private long relayed;

    public TcpRelay(Channel peer, CounterDataPoint bytes) {
        super(peer);
        this.bytes = bytes;
    }

    /** The two directions of one connection: each relay's bytes, read on the connection's event loop. */
    public record Spliced(TcpRelay fromClient, TcpRelay toClient) {
    }

    /** Relays between the two channels from now on. Runs on their (shared) event loop. */
    public static Spliced splice(Channel downstream, Channel upstream, TcpStats stats) {
        TcpRelay fromClient = new TcpRelay(upstream, stats.received());
        TcpRelay toClient = new TcpRelay(downstream, stats.sent());
        PeerFailures.addBeforeFailures(downstream.pipeline(), "relay", fromClient);
        PeerFailures.addBeforeFailures(upstream.pipeline(), "relay", toClient);
        setReading(downstream, true);
        setReading(upstream, true);
        return new Spliced(fromClient, toClient);
    }

    /** Bytes this relay passed on so far. */
    public long relayed() {
        return relayed;
    }

    @Override
    protected void relaying(int bytes) {
        this.bytes.inc(bytes);
        relayed += bytes;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            shutDownPeerOutput(ctx.channel());
        } else if (event instanceof IdleStateEvent) {
            // also where a side that half-closed and then went silent ends: both connections are counted
            PeerFailures.count(ctx.channel(), "timeout", "nothing either way within the TCP idle timeout");
            PeerFailures.count(peer, "timeout", "nothing either way within the TCP idle timeout");
            ctx.close();
            peer.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void shutDownPeerOutput(Channel self) {
        if (!(peer instanceof DuplexChannel duplexPeer) || !peer.isActive()) {
            self.close();
            return;
        }
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) flushed -> {
            if (!flushed.isSuccess()) {
                self.close();
                peer.close();
                return;
            }
            duplexPeer.shutdownOutput().addListener((ChannelFutureListener) shut -> {
                if (!shut.isSuccess() || bothDirectionsEnded(self, duplexPeer)) {
                    self.close();
                    peer.close();
                }
            });
        });
    }

    private static boolean bothDirectionsEnded(Channel self, DuplexChannel peer) {
        return self instanceof DuplexChannel duplexSelf && duplexSelf.isInputShutdown() && duplexSelf.isOutputShutdown()
                && peer.isInputShutdown() && peer.isOutputShutdown();
    }
}
