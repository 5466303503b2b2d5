package dev.gatehouse.proxy.filter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * nginx's {@code limit_conn} for one zone: how many requests of each client address are in flight, at most
 * {@code limit}. As nginx counts each HTTP/2 stream as a connection, a request in flight is what counts here, over
 * HTTP/1.x and HTTP/2 alike. A client's count leaves the map when it drops to zero, so the map never holds more
 * entries than there are requests in flight; it needs no other bound, and the count is exact (no eviction can lose
 * it). Shared by the event loops without a lock: a count that reached zero is dead, and whoever finds it waits
 * for its removal and starts a new one.
 */
final class RequestsInFlight {

    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> clients = new ConcurrentHashMap<>();

    RequestsInFlight(int limit) {
        this.limit = limit;
    }

    /** A slot for one more request from {@code client}, or null when it has {@code limit} in flight already. */
    RequestSlot acquire(String client) {
        while (true) {
            AtomicInteger count = clients.get(client);
            if (count == null) {
                AtomicInteger fresh = new AtomicInteger(1);
                if (clients.putIfAbsent(client, fresh) == null) {
                    return new Slot(client, fresh);
                }
                continue;
            }
            int held = count.get();
            if (held >= limit) {
                return null;
            }
            if (held > 0 && count.compareAndSet(held, held + 1)) {
                return new Slot(client, count);
            }
            Thread.onSpinWait();
        }
    }

    /** How many requests of {@code client} are in flight. */
    int inFlight(String client) {
        AtomicInteger count = clients.get(client);
        return count == null ? 0 : count.get();
    }

    /** One request's place in its client's count; released once, on the event loop of the request. */
    private final class Slot implements RequestSlot {

        private final String client;
        private final AtomicInteger count;
        private boolean released;

        Slot(String client, AtomicInteger count) {
            this.client = client;
            this.count = count;
        }

        @Override
        public void release() {
            if (released) {
                return;
            }
            released = true;
            if (count.decrementAndGet() == 0) {
                clients.remove(client, count);
            }
        }
    }
}
