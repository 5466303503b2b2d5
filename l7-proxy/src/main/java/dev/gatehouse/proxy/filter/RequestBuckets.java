package dev.gatehouse.proxy.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * nginx's {@code limit_req ... burst=N nodelay} for one zone: a leaky bucket per client address for each rate,
 * drained at the rate, one request added per admitted request. A request passes at once while every bucket stays
 * within its burst, and is refused otherwise without being counted (as nginx, a refused request uses up nothing).
 * So from a full stop {@code burst + 1} requests pass at once, then one per {@code 1/rate}.
 *
 * <p>The buckets live in a Caffeine cache bounded in size that forgets a client once its buckets would have drained
 * anyway, so expiry never changes an answer; under more distinct clients than the bound, the least valuable are
 * forgotten and start again empty (nginx does the same when its zone is full). Event loops share the cache; each
 * client's levels are one immutable value swapped by compare-and-set, without a lock.
 */
final class RequestBuckets {

    /** As an ingress-nginx zone of 5 MB holds about this many client states. */
    static final long DEFAULT_CLIENTS = 80_000;
    /** One request, in the bucket's unit: as nginx, levels count thousandths of a request, in whole numbers. */
    private static final long REQUEST = 1000;
    /** Bursts beyond this many requests are no limit in practice; capping them keeps the arithmetic exact. */
    private static final long MAX_BURST = 1_000_000_000_000L;
    /** A client is never remembered longer than this, however slowly its bucket drains. */
    private static final Duration MAX_MEMORY = Duration.ofDays(1);

    private final long[] perMinute;
    private final long[] burst;
    private final Ticker ticker;
    private final Cache<String, AtomicReference<Level>> clients;

    /**
     * @param perMinute requests per minute of each bucket, 1 or more
     * @param burst     how many requests each bucket may hold beyond the one in hand
     * @param ticker    the clock of the buckets and the cache
     * @param capacity  how many client addresses are remembered at most
     */
    RequestBuckets(long[] perMinute, long[] burst, Ticker ticker, long capacity) {
        this.perMinute = perMinute.clone();
        this.burst = new long[burst.length];
        Duration memory = Duration.ZERO;
        for (int i = 0; i < burst.length; i++) {
            this.burst[i] = Math.min(burst[i], MAX_BURST) * REQUEST;
            Duration drain = Duration.ofSeconds((Math.min(burst[i], MAX_BURST) + 1) * 60 / perMinute[i] + 1);
            memory = drain.compareTo(memory) > 0 ? drain : memory;
        }
        this.ticker = ticker;
        this.clients = Caffeine.newBuilder().maximumSize(capacity).ticker(ticker)
                .expireAfterAccess(memory.compareTo(MAX_MEMORY) > 0 ? MAX_MEMORY : memory).build();
    }

    /** Whether a request from {@code client} passes now; if it does, it is counted. */
    boolean admit(String client) {
        AtomicReference<Level> bucket = clients.get(client, key -> new AtomicReference<>());
        long now = ticker.read();
        while (true) {
            Level current = bucket.get();
            Level next = current == null ? new Level(new long[burst.length], now) : next(current, now);
            if (next == null) {
                return false;
            }
            if (bucket.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** The levels after one more request at {@code now}, or null when a bucket would overflow its burst. */
    private Level next(Level current, long now) {
        // another event loop may have read the clock a little later and swapped first
        long elapsed = Math.max(0, now - current.at());
        long[] excess = new long[burst.length];
        for (int i = 0; i < excess.length; i++) {
            excess[i] = Math.max(0, current.excess()[i] - drained(perMinute[i], elapsed) + REQUEST);
            if (excess[i] > burst[i]) {
                return null;
            }
        }
        return new Level(excess, Math.max(now, current.at()));
    }

    /** How much a bucket of {@code perMinute} drains in {@code nanos}, saturating rather than overflowing. */
    private static long drained(long perMinute, long nanos) {
        if (Math.multiplyHigh(perMinute, nanos) != 0 || perMinute * nanos < 0) {
            return Long.MAX_VALUE;
        }
        return perMinute * nanos / (60_000_000_000L / REQUEST);
    }

    /** How many client addresses are remembered now. */
    long clients() {
        clients.cleanUp();
        return clients.estimatedSize();
    }

    /** How full each bucket is beyond the request in hand, as nginx's {@code excess}; never changed once published. */
    private record Level(long[] excess, long at) {
    }
}
