package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.net.ByteRelay;
import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * What an upgraded connection (WebSocket, or any protocol a 101 switched to) becomes: the HTTP handlers
 * leave both pipelines and bytes flow both ways, a side not read while the other cannot take more, until
 * either side closes or both stay silent for the idle timeout.
 */
public final class Tunnel extends ByteRelay {

    // the handlers that read and write HTTP on each side, as the downstream and upstream pipelines name them
    private static final String[] DOWNSTREAM_HTTP = {"proxy", "timeouts", "http"};
    private static final String[] UPSTREAM_HTTP = {"upstream", "idle", "http"};

    private final Runnable onClose;

    private Tunnel(Channel peer, Runnable onClose) {
        super(peer);
        this.onClose = onClose;
    }

    /**
     * Turns the two channels into a tunnel. Runs on their (shared) event loop.
     *
     * @param idleTimeoutNanos how long both directions may be silent before the tunnel closes
     * @param onClose          runs once, when the tunnel is closed
     */
    static void splice(Channel downstream, Channel upstream, long idleTimeoutNanos, Runnable onClose) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public void run() {
                if (!ran) {
                    ran = true;
                    onClose.run();
                }
            }
        };
        install(downstream.pipeline(), DOWNSTREAM_HTTP, new Tunnel(upstream, once), idleTimeoutNanos);
        install(upstream.pipeline(), UPSTREAM_HTTP, new Tunnel(downstream, once), 0);
        downstream.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
    }

    private static void install(ChannelPipeline pipeline, String[] remove, Tunnel tunnel, long idleTimeoutNanos) {
        PeerFailures.addBeforeFailures(pipeline, "tunnel", tunnel);
        if (idleTimeoutNanos > 0) {
            pipeline.addBefore("tunnel", "tunnel-idle", new IdleStateHandler(0, 0, idleTimeoutNanos, TimeUnit.NANOSECONDS));
        }
        // Removing a decoder hands the bytes it had buffered to the next handler: the tunnel.
        for (String name : remove) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    @Override
    protected void closed() {
        onClose.run();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            closeWhenFlushed(peer);
        }
    }
}
