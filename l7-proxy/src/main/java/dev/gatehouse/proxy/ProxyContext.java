package dev.gatehouse.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.IdentityHashMap;
import java.util.Map;

/** What every downstream channel shares: the live routing, the per-loop upstream pools, settings and metrics. */
final class ProxyContext {

    private final ProxySettings settings;
    private final ProxyMetrics metrics;
    private final Map<EventExecutor, UpstreamPools> poolsByLoop = new IdentityHashMap<>();
    private final long readTimeoutNanos;
    private volatile LiveRouting live;

    ProxyContext(ProxySettings settings, Transport transport, EventLoopGroup loops, AddressResolverGroup<?> resolver,
                 ProxyMetrics metrics, LiveRouting initial) {
        this.settings = settings;
        this.metrics = metrics;
        this.readTimeoutNanos = settings.upstreamReadTimeout().toNanos();
        this.live = initial;
        for (EventExecutor executor : loops) {
            poolsByLoop.put(executor, new UpstreamPools((EventLoop) executor, transport, settings, resolver));
        }
    }

    LiveRouting live() {
        return live;
    }

    void publish(LiveRouting next) {
        live = next;
    }

    UpstreamPools pools(EventLoop loop) {
        return poolsByLoop.get(loop);
    }

    Iterable<UpstreamPools> allPools() {
        return poolsByLoop.values();
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    ProxySettings settings() {
        return settings;
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }
}
