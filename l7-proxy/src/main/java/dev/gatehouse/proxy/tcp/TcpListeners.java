package dev.gatehouse.proxy.tcp;

import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.routing.TcpListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound ports of the TCP listeners, brought in line with each applied snapshot: a port that is new is
 * bound, one that is gone is closed, one that stays keeps its channel (its connections pick up the
 * listener's new settings, see {@link TcpListenerInitializer}). A port that cannot be bound is reported
 * and retried every {@link #BIND_RETRY} until it is bound or no longer wanted, and with each snapshot; it
 * neither fails the apply nor stops the other listeners. The controller applies only changed routing, so
 * without the timed retry a port busy at the first attempt would stay unbound. Closing a port closes only
 * its server channel: accepted connections go on until one side closes them. The ports that serve TLS passthrough alone
 * are bound, retried and closed the same way, their connections piped by {@link PassthroughListenerInitializer}.
 */
public final class TcpListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpListeners.class);
    public static final Duration BIND_RETRY = Duration.ofSeconds(5);

    private final ServerBootstrap bootstrap;
    private final String bindAddress;
    private final ProxyContext proxy;
    private final Bootstrap upstream;
    private final PassthroughListenerInitializer passthrough;
    private final ChannelGroup connections = new DefaultChannelGroup("gatehouse-tcp", GlobalEventExecutor.INSTANCE);
    // read by the admin port and metric scrapes; written only under this object's lock
    private final Map<Integer, Channel> bound = new ConcurrentHashMap<>();
    private final Map<Integer, String> bindErrors = new ConcurrentHashMap<>();
    // one per port of the last snapshot, bound or not, so a retry does not compile the allowed sources again
    private final Map<Integer, TcpListenerInitializer> initializers = new HashMap<>();
    // binding blocks, so retries run on a thread of their own, started at the first retry, never on an event loop
    private final ScheduledThreadPoolExecutor retries =
            new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("gatehouse-tcp-bind-retry", true));
    // guarded by this, like the two below and the initializers: the listeners of the last snapshot, which a retry binds
    private List<TcpListener> listeners = List.of();
    private Set<Integer> passthroughPorts = Set.of();
    private ScheduledFuture<?> retry;
    private boolean closed;

    public TcpListeners(EventLoopGroup loops, Transport transport, ProxyContext proxy, Bootstrap upstream) {
        this.proxy = proxy;
        this.upstream = upstream;
        this.bindAddress = proxy.settings().bindAddress();
        this.passthrough = new PassthroughListenerInitializer(proxy, upstream, connections);
        this.bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // nothing is read before the upstream is connected, but the PROXY header
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    /** Binds, keeps and closes ports to match {@code listeners}. Called with each applied snapshot, never on an event loop. */
    public synchronized void update(List<TcpListener> listeners) {
        update(listeners, Set.of());
    }

    /**
     * Binds, keeps and closes ports to match {@code listeners} and the ports that serve TLS passthrough alone (a TCP
     * listener's port is never one of them). Called with each applied snapshot, never on an event loop.
     */
    public synchronized void update(List<TcpListener> listeners, Set<Integer> passthroughPorts) {
        if (closed) {
            return;
        }
        this.listeners = List.copyOf(listeners);
        Set<Integer> wanted = new HashSet<>();
        listeners.forEach(listener -> wanted.add(listener.port()));
        Set<Integer> passthrough = new TreeSet<>(passthroughPorts);
        passthrough.removeAll(wanted);
        this.passthroughPorts = Set.copyOf(passthrough);
        wanted.addAll(passthrough);
        bound.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close().syncUninterruptibly();
            log.info("TCP listener on {} closed; its open connections go on until they end", entry.getValue().localAddress());
            return true;
        });
        bindErrors.keySet().retainAll(wanted);
        initializers.keySet().retainAll(wanted);
        for (TcpListener listener : listeners) {
            TcpListenerInitializer initializer = initializers.get(listener.port());
            if (initializer == null) {
                initializers.put(listener.port(), new TcpListenerInitializer(listener, proxy, upstream, connections));
            } else {
                initializer.update(listener);
            }
        }
        bindUnbound();
        retryLater();
    }

    /** Binds the listeners of the last snapshot whose ports are still unbound. Runs on the retry thread. */
    private synchronized void retryUnbound() {
        retry = null;
        if (closed) {
            return;
        }
        bindUnbound();
        retryLater();
    }

    private void bindUnbound() {
        for (TcpListener listener : listeners) {
            if (!bound.containsKey(listener.port())) {
                bind(listener.port(), initializers.get(listener.port()), listener.name(),
                        "forwarding to cluster " + listener.cluster());
            }
        }
        for (int port : passthroughPorts) {
            if (!bound.containsKey(port)) {
                bind(port, passthrough, "tls-passthrough " + port, "passing TLS through by server name");
            }
        }
    }

    /** Schedules a retry when a listener's port is unbound and none is scheduled yet. */
    private void retryLater() {
        boolean unbound = listeners.stream().anyMatch(listener -> !bound.containsKey(listener.port()))
                || passthroughPorts.stream().anyMatch(port -> !bound.containsKey(port));
        if (unbound && retry == null) {
            retry = retries.schedule(this::retryUnbound, BIND_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void bind(int port, ChannelHandler initializer, String name, String serving) {
        try {
            Channel channel = bootstrap.clone()
                    .childHandler(initializer)
                    .bind(bindAddress, port).syncUninterruptibly().channel();
            bound.put(port, channel);
            String failed = bindErrors.remove(port);
            log.info("TCP listener {} serving on {}, {}{}", name, channel.localAddress(),
                    serving, failed == null ? "" : " (bound at last; it failed with: " + failed + ")");
        } catch (Exception e) {
            proxy.metrics().tcpBindFailures.labelValues(name).inc();
            String cause = String.valueOf(e.getMessage());
            String previous = bindErrors.put(port, cause);
            if (!cause.equals(previous)) {
                log.warn("TCP listener {}: cannot bind {}:{} ({}; expected a free port); retrying every {} s and with each "
                        + "snapshot", name, bindAddress, port, cause, BIND_RETRY.toSeconds());
            } else {
                log.debug("TCP listener {}: {}:{} still cannot be bound ({})", name, bindAddress, port, cause);
            }
        }
    }

    /** The bound address of the listener on {@code port}, or null when that port is not bound. */
    public InetSocketAddress address(int port) {
        Channel channel = bound.get(port);
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    /** Why the last attempt to bind {@code port} failed, or null when it did not. */
    public String bindError(int port) {
        return bindErrors.get(port);
    }

    /** Open downstream connections of every TCP listener. */
    public ChannelGroup connections() {
        return connections;
    }

    /** Closes every port for good (shutdown): later snapshots and retries bind nothing. Open connections stay. */
    public synchronized void closeListeners() {
        closed = true;
        retries.shutdownNow();
        bound.values().forEach(channel -> channel.close().syncUninterruptibly());
        bound.clear();
    }

    /** Closes the ports and every open connection. */
    @Override
    public void close() {
        closeListeners();
        connections.close().awaitUninterruptibly(2000);
    }
}
