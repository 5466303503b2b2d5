package dev.gatehouse.cloudlb.reconciler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last operation on each Service's load balancer and the address it has, for the dashboard's sync view: written
 * by the reconciler's thread, read by the admin port's.
 */
public final class LoadBalancerLog {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void record(String service, String address, String operation, Instant at) {
        entries.merge(service, new Entry(service, address, operation, at),
                (old, latest) -> latest.address() == null ? new Entry(service, old.address(), operation, at) : latest);
    }

    void forget(String service) {
        entries.remove(service);
    }

    /** Every Service with a load balancer, by {@code namespace/name}. */
    public List<Entry> entries() {
        return List.copyOf(new TreeMap<>(entries).values());
    }

    /**
     * @param service   {@code namespace/name}
     * @param address   the load balancer's addresses as written into the status, or null when unknown
     * @param operation what was done last and how it went, e.g. {@code ensured} or {@code failed: ...}
     */
    public record Entry(String service, String address, String operation, Instant at) {
    }
}
