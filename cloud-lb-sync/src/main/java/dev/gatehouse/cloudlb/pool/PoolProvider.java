package dev.gatehouse.cloudlb.pool;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Addresses from a pool for bare metal. The allocations live in the Services' statuses: before each
 * pass the reconciler shows every Service's status ({@link #observe}), and an address is taken by the
 * first Service (by namespace/name) whose status holds it, so no address is handed out twice even after
 * a restart or a change of leader. A Service keeps its address; one that asks for an address
 * ({@code spec.loadBalancerIP} or {@code gatehouse.dev/load-balancer-ip}) gets exactly that one or an
 * error; the others get the lowest free address. Nothing is announced on the network: route the pool to
 * the nodes (kube-proxy accepts traffic for a Service's status address on every node).
 */
public final class PoolProvider implements LoadBalancerProvider {

    private static final String ADDRESS = "address";

    private final AddressPool pool;
    private final Map<String, String> owners = new HashMap<>();
    /** Allocations made here that the informer cache may not show yet: service → address. */
    private final Map<String, String> recent = new HashMap<>();

    private PoolProvider(AddressPool pool) {
        this.pool = pool;
    }

    /** @throws IllegalArgumentException when an entry is not a CIDR, a range or an address */
    public static PoolProvider of(List<String> entries) {
        return new PoolProvider(AddressPool.parse(entries));
    }

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public synchronized void observe(List<LoadBalancerRequest> all) {
        owners.clear();
        Map<String, LoadBalancerRequest> byService = new HashMap<>();
        all.stream().sorted((a, b) -> a.service().compareTo(b.service())).forEach(request -> {
            byService.put(request.service(), request);
            for (String ip : request.currentStatus().ips()) {
                String address = AddressPool.canonical(ip);
                if (pool.contains(address)) {
                    owners.putIfAbsent(address, request.service());
                }
            }
        });
        recent.entrySet().removeIf(entry -> {
            LoadBalancerRequest request = byService.get(entry.getKey());
            return request == null || request.currentStatus().ips().stream().map(AddressPool::canonical)
                    .anyMatch(entry.getValue()::equals);
        });
        recent.forEach((service, address) -> owners.putIfAbsent(address, service));
    }

    /** The address a Service gets: the one it keeps or asks for, else the lowest free one; and whether it is new. */
    private record Allocation(String address, boolean changes, String reason) {
    }

    @Override
    public synchronized LoadBalancerStatus ensure(LoadBalancerRequest request) {
        Allocation allocation = allocate(request);
        if (allocation.changes()) {
            release(request.service());
            owners.put(allocation.address(), request.service());
            recent.put(request.service(), allocation.address());
        }
        return LoadBalancerStatus.ip(allocation.address());
    }

    @Override
    public synchronized LoadBalancerPlan plan(LoadBalancerRequest request) {
        Allocation allocation = allocate(request);
        List<LoadBalancerPlan.Step> steps = new ArrayList<>();
        if (allocation.changes()) {
            held(request.service()).filter(address -> !address.equals(allocation.address())).ifPresent(address ->
                    steps.add(new LoadBalancerPlan.Step(LoadBalancerPlan.Action.DELETE, ADDRESS, address,
                            "the Service asks for another address")));
            steps.add(new LoadBalancerPlan.Step(LoadBalancerPlan.Action.CREATE, ADDRESS, allocation.address(),
                    allocation.reason()));
        }
        return new LoadBalancerPlan(name(), request.service(), steps);
    }

    @Override
    public synchronized LoadBalancerPlan planDeletion(LoadBalancerRequest request) {
        List<LoadBalancerPlan.Step> steps = new ArrayList<>();
        held(request.service()).ifPresent(address -> steps.add(new LoadBalancerPlan.Step(LoadBalancerPlan.Action.DELETE,
                ADDRESS, address, "the Service no longer has a load balancer of ours: released")));
        return new LoadBalancerPlan(name(), request.service(), steps);
    }

    @Override
    public synchronized void ensureDeleted(LoadBalancerRequest request) {
        release(request.service());
    }

    private Allocation allocate(LoadBalancerRequest request) {
        String service = request.service();
        Optional<String> requested = request.requestedAddress().map(AddressPool::canonical);
        if (requested.isPresent()) {
            String address = requested.get();
            if (!pool.contains(address)) {
                throw new LoadBalancerException("AllocationFailed", "service " + service + ": requested address "
                        + address + " is outside the address pool " + pool + " (expected an address of the pool)");
            }
            String holder = owners.get(address);
            if (holder != null && !holder.equals(service)) {
                throw new LoadBalancerException("AllocationFailed", "service " + service + ": requested address "
                        + address + " is already allocated to service " + holder);
            }
            return new Allocation(address, !service.equals(holder), "the address the Service asks for");
        }
        for (String ip : request.currentStatus().ips()) {
            String address = AddressPool.canonical(ip);
            if (service.equals(owners.get(address))) {
                return new Allocation(address, false, "the Service's address");
            }
        }
        String free = pool.firstFree(owners::containsKey).orElseThrow(() -> new LoadBalancerException(
                "AllocationFailed", "service " + service + ": the address pool " + pool + " is exhausted (all "
                        + pool.size() + " addresses are allocated); the Service stays pending until one is released"));
        return new Allocation(free, true, "the lowest free address of the pool " + pool);
    }

    private Optional<String> held(String service) {
        return owners.entrySet().stream().filter(e -> e.getValue().equals(service)).map(Map.Entry::getKey).findFirst();
    }

    private void release(String service) {
        owners.values().removeIf(service::equals);
        recent.remove(service);
    }
}
