package dev.gatehouse.proxy.observe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The access-log entries of one thread (an event loop): a fixed ring of reused {@link AccessLogEntry} slots with one
 * producer, the thread, and one consumer, the access log's writer. The producer claims the slot after the last one it
 * published and publishes it with a release store; the writer reads up to the published position and then gives the
 * slots back with a release store of its own. No lock, no allocation and no wake-up of the writer per request: the
 * writer comes round on its own.
 */
final class LogRing {

    private static final VarHandle PUBLISHED;
    private static final VarHandle CONSUMED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED = lookup.findVarHandle(LogRing.class, "published", long.class);
            CONSUMED = lookup.findVarHandle(LogRing.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AccessLogEntry[] slots;
    private final int mask;
    // the producer's own count of published entries; the field the writer reads is published
    private long produced;
    @SuppressWarnings("unused") // through PUBLISHED
    private long published;
    @SuppressWarnings("unused") // through CONSUMED
    private long consumed;

    /** @param capacity a power of two */
    LogRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("the capacity of a log ring is a power of two, not " + capacity);
        }
        slots = new AccessLogEntry[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new AccessLogEntry(this::publish);
        }
        mask = capacity - 1;
    }

    /** Producer: the next free slot, or null when the writer has not given back any (the ring is full). */
    AccessLogEntry claim() {
        if (produced - (long) CONSUMED.getAcquire(this) >= slots.length) {
            return null;
        }
        return slots[(int) (produced & mask)];
    }

    /** Producer: the claimed slot is filled. */
    void publish() {
        produced++;
        PUBLISHED.setRelease(this, produced);
    }

    /** Writer: the position up to which slots are filled. */
    long published() {
        return (long) PUBLISHED.getAcquire(this);
    }

    /** Writer: the position up to which slots have been read. */
    long consumed() {
        return (long) CONSUMED.getOpaque(this);
    }

    /** Writer: the slot at {@code position}, between {@link #consumed} and {@link #published}. */
    AccessLogEntry at(long position) {
        return slots[(int) (position & mask)];
    }

    /** Writer: slots before {@code position} are read and may be reused. */
    void consumedUpTo(long position) {
        CONSUMED.setRelease(this, position);
    }
}
