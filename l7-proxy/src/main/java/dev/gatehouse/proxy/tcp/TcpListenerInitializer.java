package dev.gatehouse.proxy.tcp;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.TraceSettings;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.Cidrs;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.observe.RequestTracer;
import dev.gatehouse.proxy.observe.TcpStats;
import dev.gatehouse.routing.TcpListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a connection to a TCP listener, in order:
 * <ol>
 *   <li>{@code tcp-idle}: the idle timeout, both directions together;</li>
 *   <li>{@code proxy-protocol}: the PROXY protocol header (v1 or v2), when the listener accepts one;</li>
 *   <li>{@code source-check}: a {@link TcpSourceCheck}, when the listener allows only some clients;</li>
 *   <li>{@code connect}: a {@link TcpConnector} until the upstream is connected, then {@code relay}, a
 *       {@link TcpRelay}.</li>
 * </ol>
 * The listener's settings and cluster come from the live routing read once at accept, so a connection
 * keeps the settings it started with and a changed listener applies to new connections only. The allowed
 * sources are compiled when the port's listener changes ({@link #update}), not per connection.
 */
final class TcpListenerInitializer extends ChannelInitializer<Channel> {

    private final int port;
    private final ProxyContext proxy;
    private final Bootstrap upstream;
    private final ChannelGroup connections;
    private volatile AllowedSources allowedSources;

    TcpListenerInitializer(TcpListener listener, ProxyContext proxy, Bootstrap upstream, ChannelGroup connections) {
        this.port = listener.port();
        this.proxy = proxy;
        this.upstream = upstream;
        this.connections = connections;
        this.allowedSources = new AllowedSources(listener.allowedSources(), TcpSourceCheck.compile(listener));
    }

    /**
     * Takes the port's listener of a newly applied snapshot. Its allowed sources are compiled again only when
     * they changed, so an invalid list is reported once, not with every snapshot.
     */
    void update(TcpListener listener) {
        if (!listener.allowedSources().equals(allowedSources.entries())) {
            allowedSources = new AllowedSources(listener.allowedSources(), TcpSourceCheck.compile(listener));
        }
    }

    @Override
    protected void initChannel(Channel channel) {
        LiveRouting live = proxy.live();
        TcpListener listener = find(live.snapshot().tcpListeners(), port);
        ClusterRuntime cluster = listener == null ? null : live.cluster(listener.cluster());
        if (cluster == null || proxy.draining()) {
            // a listener the live routing just dropped, whose port is being closed, or a proxy shutting down
            channel.close();
            return;
        }
        TcpStats stats = proxy.metrics().tcp(listener.name());
        stats.accepted().inc();
        stats.active().inc();
        channel.closeFuture().addListener(closed -> stats.active().dec());
        connections.add(channel);
        ProxySettings settings = proxy.settings();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("tcp-idle", new IdleStateHandler(0, 0, settings.tcpIdleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        if (listener.acceptProxyProtocol()) {
            pipeline.addLast("proxy-protocol", new HAProxyMessageDecoder());
        }
        // between an apply's publish and its update of this port, a connection meets the previous snapshot's
        // list: as if it had come a moment earlier
        Cidrs allowed = allowedSources.ranges();
        if (allowed != null) {
            pipeline.addLast("source-check", new TcpSourceCheck(listener, allowed, stats.denied()));
        }
        TraceSettings tracing = settings.tracing();
        pipeline.addLast("connect", new TcpConnector(listener, cluster, stats, proxy.metrics(), upstream,
                        settings.upstreamMaxAttempts(), tracing.unrouted().enabled() ? proxy.tracer() : RequestTracer.OFF,
                        tracing.sampleRatio()))
                .addLast(PeerFailures.NAME, new PeerFailures("tcp", proxy.metrics().connectionFailures));
    }

    /**
     * The allowed sources of the port's listener as written and as compiled.
     *
     * @param ranges null when every client is allowed
     */
    private record AllowedSources(List<String> entries, Cidrs ranges) {
    }

    /** The listener on {@code port}, by binary search: the snapshot keeps them sorted by port. */
    static TcpListener find(List<TcpListener> listeners, int port) {
        int low = 0;
        int high = listeners.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            TcpListener listener = listeners.get(middle);
            if (listener.port() < port) {
                low = middle + 1;
            } else if (listener.port() > port) {
                high = middle - 1;
            } else {
                return listener;
            }
        }
        return null;
    }
}
