package dev.gatehouse.proxy.udp;

import dev.gatehouse.proxy.UdpSettings;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.UdpMetrics;
import dev.gatehouse.routing.UdpListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound ports of the UDP listeners, brought in line with each applied snapshot, as the TCP listeners' are: a port
 * that is new is bound, one that stays keeps its socket and sessions (new sessions go to its listener's new cluster),
 * one that is gone is closed with every session it had, since a datagram has no connection to finish. A port that
 * cannot be bound is reported and retried every {@link #BIND_RETRY} and with each snapshot, without failing the apply.
 */
public final class UdpListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpListeners.class);
    public static final Duration BIND_RETRY = Duration.ofSeconds(5);

    /** A bound port: its socket and the relay on it. */
    private record Bound(Channel channel, UdpRelay relay) {
    }

    private final Bootstrap bootstrap;
    private final Bootstrap upstream;
    private final String bindAddress;
    private final ProxyContext proxy;
    private final UdpSettings settings;
    private final UdpMetrics metrics;
    // read by the admin port and metric scrapes; written only under this object's lock
    private final Map<Integer, Bound> bound = new ConcurrentHashMap<>();
    private final Map<Integer, String> bindErrors = new ConcurrentHashMap<>();
    // binding blocks, so retries run on a thread of their own, started at the first retry, never on an event loop
    private final ScheduledThreadPoolExecutor retries =
            new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("gatehouse-udp-bind-retry", true));
    // guarded by this, like the two below: the listeners of the last snapshot, which a retry binds
    private List<UdpListener> listeners = List.of();
    private ScheduledFuture<?> retry;
    private boolean closed;

    public UdpListeners(EventLoopGroup loops, Transport transport, AddressResolverGroup<?> resolver, ProxyContext proxy,
                        UdpMetrics metrics) {
        this.proxy = proxy;
        this.metrics = metrics;
        this.settings = proxy.settings().udp();
        this.bindAddress = proxy.settings().bindAddress();
        // one byte more than the largest datagram relayed: a datagram that fills it was larger, and is dropped, where one
        // cut to the buffer's size would pass as whole
        FixedRecvByteBufAllocator datagrams = new FixedRecvByteBufAllocator(settings.maxDatagramSize() + 1);
        this.bootstrap = new Bootstrap()
                .group(loops)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, datagrams);
        this.upstream = new Bootstrap()
                .channel(transport.datagramChannel())
                .resolver(resolver)
                .option(ChannelOption.RCVBUF_ALLOCATOR, datagrams);
    }

    /** Binds, keeps and closes ports to match {@code listeners}. Called with each applied snapshot, never on an event loop. */
    public synchronized void update(List<UdpListener> listeners) {
        if (closed) {
            return;
        }
        this.listeners = List.copyOf(listeners);
        Set<Integer> wanted = new HashSet<>();
        listeners.forEach(listener -> wanted.add(listener.port()));
        bound.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey())) {
                return false;
            }
            unbind(entry.getValue());
            log.info("UDP listener on {} closed with its sessions", entry.getValue().channel().localAddress());
            return true;
        });
        bindErrors.keySet().retainAll(wanted);
        for (UdpListener listener : listeners) {
            Bound current = bound.get(listener.port());
            if (current == null) {
                bind(listener);
            } else {
                current.relay().update(listener);
            }
        }
        retryLater();
    }

    /** Binds the listeners of the last snapshot whose ports are still unbound. Runs on the retry thread. */
    private synchronized void retryUnbound() {
        retry = null;
        if (closed) {
            return;
        }
        for (UdpListener listener : listeners) {
            if (!bound.containsKey(listener.port())) {
                bind(listener);
            }
        }
        retryLater();
    }

    private void retryLater() {
        boolean unbound = listeners.stream().anyMatch(listener -> !bound.containsKey(listener.port()));
        if (unbound && retry == null) {
            retry = retries.schedule(this::retryUnbound, BIND_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void bind(UdpListener listener) {
        int port = listener.port();
        UdpRelay relay = new UdpRelay(listener, proxy, upstream, settings, metrics);
        try {
            Channel channel = bootstrap.clone().handler(relay).bind(bindAddress, port).syncUninterruptibly().channel();
            bound.put(port, new Bound(channel, relay));
            String failed = bindErrors.remove(port);
            log.info("UDP listener {} serving on {}, relaying to cluster {}{}", listener.name(), channel.localAddress(),
                    listener.cluster(), failed == null ? "" : " (bound at last; it failed with: " + failed + ")");
        } catch (Exception e) {
            metrics.bindFailures.labelValues(listener.name()).inc();
            String cause = String.valueOf(e.getMessage());
            String previous = bindErrors.put(port, cause);
            if (!cause.equals(previous)) {
                log.warn("UDP listener {}: cannot bind {}:{} ({}; expected a free port); retrying every {} s and with each "
                        + "snapshot", listener.name(), bindAddress, port, cause, BIND_RETRY.toSeconds());
            }
        }
    }

    /** Closes the socket, then, on its event loop, every session it had. */
    private static void unbind(Bound gone) {
        gone.channel().close().syncUninterruptibly();
        gone.channel().eventLoop().execute(gone.relay()::closeSessions);
    }

    /** The bound address of the listener on {@code port}, or null when that port is not bound. */
    public InetSocketAddress address(int port) {
        Bound current = bound.get(port);
        return current == null ? null : (InetSocketAddress) current.channel().localAddress();
    }

    /** Why the last attempt to bind {@code port} failed, or null when it did not. */
    public String bindError(int port) {
        return bindErrors.get(port);
    }

    /** Closes every port and session for good (shutdown): later snapshots and retries bind nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        retries.shutdownNow();
        bound.values().forEach(UdpListeners::unbind);
        bound.clear();
    }
}
