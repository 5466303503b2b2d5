package dev.gatehouse.cloudsdk.testing;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded fault injection for a cloud fake: while on, each call fails with the configured probability, in one of
 * the ways clouds fail, drawn from the same seed so that a failing run can be replayed. The fake asks
 * {@link #draw(boolean)} once per request and renders the answer in its cloud's words (an ARM error body, an
 * AWS XML error); {@link Kind#ANSWER_LOST} is a write the fake applies and then cuts the connection on, which a
 * client cannot tell from a timeout after the cloud acted.
 */
public final class Faults {

    /** How a call fails. */
    public enum Kind {
        /** No fault: the call is answered as the cloud's state says. */
        NONE,
        /** HTTP 500, nothing applied. */
        SERVER_ERROR,
        /** HTTP 503, nothing applied. */
        UNAVAILABLE,
        /** The cloud's throttling answer (429 on Azure; {@code Throttling} or {@code RequestLimitExceeded} on AWS). */
        THROTTLED,
        /** The connection is reset before anything is applied. */
        RESET,
        /** The write is applied, then the connection is reset: the caller never learns it happened. */
        ANSWER_LOST,
        /** A write accepted as a long-running operation (Azure) or pending change that ends Failed or Canceled. */
        OPERATION_FAILED
    }

    private final long seed;
    private final Random random;
    private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);
    private double share;
    private int calls;

    private Faults(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Faults from this seed, off until {@link #failing(double)}. */
    public static Faults seeded(long seed) {
        return new Faults(seed);
    }

    /** {@code -Dgatehouse.faults.seed=N} when set (to replay a run, or for the random-seed script), else {@code fallback}. */
    public static Faults fromProperty(long fallback) {
        String value = System.getProperty("gatehouse.faults.seed", "");
        return seeded(value.isBlank() ? fallback : Long.parseLong(value.trim()));
    }

    public long seed() {
        return seed;
    }

    /** From now on, fail this share of calls (0 turns faults off). */
    public synchronized Faults failing(double value) {
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException("fault share " + value + ": expected 0 to 1");
        }
        this.share = value;
        return this;
    }

    /** Whether the next call fails, and how; a read is never {@link Kind#ANSWER_LOST} (there is nothing to lose). */
    public synchronized Kind draw(boolean write) {
        calls++;
        if (share == 0 || random.nextDouble() >= share) {
            return Kind.NONE;
        }
        Kind[] kinds = write
                ? new Kind[] {Kind.SERVER_ERROR, Kind.UNAVAILABLE, Kind.THROTTLED, Kind.RESET, Kind.ANSWER_LOST,
                    Kind.ANSWER_LOST}
                : new Kind[] {Kind.SERVER_ERROR, Kind.UNAVAILABLE, Kind.THROTTLED, Kind.RESET};
        Kind kind = kinds[random.nextInt(kinds.length)];
        injected.merge(kind, 1, Integer::sum);
        return kind;
    }

    /** Whether an accepted long-running operation ends Failed or Canceled: a quarter of the fault share. */
    public synchronized boolean operationFails() {
        if (share == 0 || random.nextDouble() >= share / 4) {
            return false;
        }
        injected.merge(Kind.OPERATION_FAILED, 1, Integer::sum);
        return true;
    }

    /** A draw of the same seeded stream, for a fake's own random choices (which operation fails, how long it pends). */
    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public synchronized int calls() {
        return calls;
    }

    public synchronized int injected() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** E.g. {@code seed 42: 1830 calls, 512 faults injected {SERVER_ERROR=80, ...}}, for the test's output. */
    @Override
    public synchronized String toString() {
        return "seed " + seed + ": " + calls + " calls, " + injected() + " faults injected " + injected;
    }
}
