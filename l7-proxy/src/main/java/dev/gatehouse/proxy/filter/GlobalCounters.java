package dev.gatehouse.proxy.filter;

import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.GlobalRateLimit;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheClientCodec;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheObjectAggregator;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The counters of global rate limits, in memcached, shared by every listener ({@link ProxyContext} holds one). Each event
 * loop keeps its own connection per memcached server ({@link MemcachedConnection}), opened on first use and closed after
 * the server's idle timeout, so a request's counting is sent and answered on the loop the request is on and nothing
 * ever blocks a loop. A counter that cannot be read in time fails: the caller lets the request pass, and it is counted
 * by reason in {@code gatehouse_global_rate_limit_errors_total} and logged at most once a minute per reason.
 */
public final class GlobalCounters {

    private static final Logger log = LoggerFactory.getLogger(GlobalCounters.class);
    /** memcached's trouble repeats with every request until it is fixed: one line per reason a minute. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.WARN);

    private final Transport transport;
    private final AddressResolverGroup<?> resolver;
    private final List<EventLoop> loops = new ArrayList<>();
    /** Per loop; each inner map is only touched on its own loop. */
    private final Map<EventExecutor, Map<GlobalRateLimit.Memcached, MemcachedConnection>> connections = new IdentityHashMap<>();
    private final Map<String, CounterDataPoint> errors = new HashMap<>();

    public GlobalCounters(Transport transport, EventLoopGroup group, AddressResolverGroup<?> resolver, ProxyMetrics metrics) {
        this.transport = transport;
        this.resolver = resolver;
        for (EventExecutor executor : group) {
            loops.add((EventLoop) executor);
            connections.put(executor, new HashMap<>());
        }
        for (String reason : List.of(CounterFailure.UNREACHABLE, CounterFailure.TIMEOUT, CounterFailure.ANSWER, CounterFailure.BUSY)) {
            errors.put(reason, metrics.globalRateLimitErrors.labelValues(reason));
        }
    }

    /**
     * Adds one to counter {@code key} of {@code store}, creating it to expire {@code expirySeconds} later, and reads
     * counter {@code previousKey}, in one round trip.
     *
     * @return both counts; failed with a {@link CounterFailure}, already counted and logged
     */
    CompletableFuture<WindowCounts> count(GlobalRateLimit.Memcached store, String key, long expirySeconds, String previousKey) {
        return onLoop(loop -> connection(loop, store).incrementAndGet(key, expirySeconds, System.currentTimeMillis() / 1000, previousKey))
                .whenComplete((value, failure) -> {
                    if (unwrapped(failure) instanceof CounterFailure counter) {
                        errors.get(counter.reason()).inc();
                        LIMITED.log(counter.reason(), "global rate limit: memcached {}; the request passes (fail open)",
                                counter.getMessage());
                    }
                });
    }

    /** Takes back the one {@link #count} added to counter {@code key}, without waiting; a failure leaves it counted. */
    void uncount(GlobalRateLimit.Memcached store, String key) {
        EventLoop loop = currentLoop();
        if (loop.inEventLoop()) {
            connection(loop, store).decrement(key);
        } else {
            loop.execute(() -> connection(loop, store).decrement(key));
        }
    }

    /** Runs {@code command} on this thread's loop, or hops onto one: a connection is only ever used on its own loop. */
    private <T> CompletableFuture<T> onLoop(Function<EventLoop, CompletableFuture<T>> command) {
        EventLoop loop = currentLoop();
        if (loop.inEventLoop()) {
            return command.apply(loop);
        }
        CompletableFuture<T> relayed = new CompletableFuture<>();
        loop.execute(() -> command.apply(loop).whenComplete((value, failure) -> {
            if (failure == null) {
                relayed.complete(value);
            } else {
                relayed.completeExceptionally(unwrapped(failure));
            }
        }));
        return relayed;
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : failure;
    }

    /** The loop this thread runs, else any (a command asked off the loops hops onto one). */
    private EventLoop currentLoop() {
        for (EventLoop loop : loops) {
            if (loop.inEventLoop()) {
                return loop;
            }
        }
        return loops.get(0);
    }

    private MemcachedConnection connection(EventLoop loop, GlobalRateLimit.Memcached store) {
        Map<GlobalRateLimit.Memcached, MemcachedConnection> open = connections.get(loop);
        MemcachedConnection connection = open.get(store);
        if (connection == null || !connection.usable()) {
            connection = connect(loop, store);
            open.put(store, connection);
        }
        return connection;
    }

    private MemcachedConnection connect(EventLoop loop, GlobalRateLimit.Memcached store) {
        MemcachedConnection connection = new MemcachedConnection(store.timeout().toNanos(), store.host() + ":" + store.port());
        long idleMillis = store.maxIdleTimeout().toMillis();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE, store.timeout().toMillis())))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS),
                                new BinaryMemcacheClientCodec(), new BinaryMemcacheObjectAggregator(Long.BYTES * 8), connection);
                    }
                });
        connection.connecting(bootstrap.connect(store.host(), store.port()));
        return connection;
    }
}
