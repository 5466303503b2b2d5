package dev.gatehouse.proxy.observe;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Requests, client and server errors and latencies of one route or endpoint over the last minute, in twelve
 * five-second slots plus the one being filled. Written from every event loop without locks: a slot is reused by
 * whoever first sees it is stale, and an increment racing that reset may be lost, which a dashboard rate can afford
 * (the Prometheus counters stay exact).
 */
public final class RollingWindow {

    static final long SLOT_NANOS = 5_000_000_000L;
    static final int SLOTS = 13;
    /** Upper bounds of the latency buckets: 250 µs doubling up to about 131 s; a last bucket takes the rest. */
    static final int LATENCY_BUCKETS = 21;
    private static final long FIRST_BOUND_NANOS = 250_000L;
    private static final int EPOCH = 0;
    private static final int REQUESTS = 1;
    private static final int CLIENT_ERRORS = 2;
    private static final int SERVER_ERRORS = 3;
    private static final int FAILURES = 4;
    private static final int LATENCY = 5;
    private static final int WIDTH = LATENCY + LATENCY_BUCKETS;

    private final LongSupplier nanoClock;
    private final long created;
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS * WIDTH);

    public RollingWindow() {
        this(System::nanoTime);
    }

    RollingWindow(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.created = nanoClock.getAsLong();
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i * WIDTH + EPOCH, Long.MIN_VALUE);
        }
    }

    /** One answered request: its status (4xx and 5xx count as errors of their class). */
    public void request(int status) {
        int base = current();
        slots.incrementAndGet(base + REQUESTS);
        if (status >= 500) {
            slots.incrementAndGet(base + SERVER_ERRORS);
        } else if (status >= 400) {
            slots.incrementAndGet(base + CLIENT_ERRORS);
        }
    }

    /** An attempt that got an answer the endpoint is not to blame for (below 500). */
    public void success() {
        slots.incrementAndGet(current() + REQUESTS);
    }

    /** An attempt that failed: a 5xx answer, or a connection that failed, broke or timed out. */
    public void failure() {
        slots.incrementAndGet(current() + FAILURES);
    }

    /** How long one request or attempt took. */
    public void latency(long nanos) {
        slots.incrementAndGet(current() + LATENCY + bucket(nanos));
    }

    /** The last minute (or less, for a window younger than that) as rates and latency percentiles. */
    public Summary summary() {
        long now = nanoClock.getAsLong();
        long epoch = Math.floorDiv(now, SLOT_NANOS);
        long requests = 0;
        long clientErrors = 0;
        long serverErrors = 0;
        long failures = 0;
        long[] latency = new long[LATENCY_BUCKETS];
        for (int i = 0; i < SLOTS; i++) {
            int base = i * WIDTH;
            long slotEpoch = slots.get(base + EPOCH);
            if (slotEpoch == Long.MIN_VALUE || epoch - slotEpoch >= SLOTS) {
                continue;
            }
            requests += slots.get(base + REQUESTS);
            clientErrors += slots.get(base + CLIENT_ERRORS);
            serverErrors += slots.get(base + SERVER_ERRORS);
            failures += slots.get(base + FAILURES);
            for (int b = 0; b < LATENCY_BUCKETS; b++) {
                latency[b] += slots.get(base + LATENCY + b);
            }
        }
        // twelve whole slots and the part of the current one elapsed, or the window's age when younger
        double covered = (SLOTS - 1) * SLOT_NANOS / 1e9 + (now - epoch * SLOT_NANOS) / 1e9;
        double seconds = Math.max(1, Math.min(covered, (now - created) / 1e9));
        return new Summary(seconds, requests, clientErrors, serverErrors, failures,
                percentile(latency, 0.5), percentile(latency, 0.99));
    }

    /** The base index of the slot for now, cleared first when it last held an older period. */
    private int current() {
        long epoch = Math.floorDiv(nanoClock.getAsLong(), SLOT_NANOS);
        int base = (int) Math.floorMod(epoch, SLOTS) * WIDTH;
        long seen = slots.get(base + EPOCH);
        if (seen != epoch && slots.compareAndSet(base + EPOCH, seen, epoch)) {
            for (int i = 1; i < WIDTH; i++) {
                slots.set(base + i, 0);
            }
        }
        return base;
    }

    static int bucket(long nanos) {
        long bound = FIRST_BOUND_NANOS;
        for (int b = 0; b < LATENCY_BUCKETS - 1; b++) {
            if (nanos <= bound) {
                return b;
            }
            bound <<= 1;
        }
        return LATENCY_BUCKETS - 1;
    }

    /** The upper bound of the bucket that holds quantile {@code q}, in milliseconds; NaN with no sample. */
    private static double percentile(long[] counts, double q) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return (FIRST_BOUND_NANOS << Math.min(b, LATENCY_BUCKETS - 2)) / 1e6;
            }
        }
        return Double.NaN;
    }

    /**
     * One window read.
     *
     * @param seconds      how long the counts cover (60 once the window is a minute old)
     * @param p50Millis    median latency, as the upper bound of its bucket (NaN without samples)
     * @param p99Millis    99th percentile latency, likewise
     */
    public record Summary(double seconds, long requests, long clientErrors, long serverErrors, long failures,
                          double p50Millis, double p99Millis) {

        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double clientErrorsPerSecond() {
            return clientErrors / seconds;
        }

        public double serverErrorsPerSecond() {
            return serverErrors / seconds;
        }

        /** Server errors and failed attempts as a share of everything seen, 0 without traffic. */
        public double errorRatio() {
            long all = requests + failures;
            return all == 0 ? 0 : (double) (serverErrors + failures) / all;
        }
    }
}
