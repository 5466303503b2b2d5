package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudsdk.AzureErrors;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.LoadBalancerBackendAddressPoolsClient;
import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.models.LoadBalancerBackendAddress;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.NodeTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binding {@code gatehouse.dev/azure-backend-pool-id}: the nodes' InternalIPs in an IP-based backend
 * pool of a load balancer made by hand. Only the pool is read and written (its own PUT, conditional on
 * its ETag), so the load balancer's frontends, rules and probes are never sent, let alone changed.
 *
 * <p>What the binding owns is exactly the set of IPs it returns, which the reconciler hands back as
 * {@code registered}: only those are ever removed. An address already in the pool for a wanted node's IP
 * is someone else's (another Service's binding, an operator's) and is neither duplicated nor claimed. The
 * addresses it adds are named {@code gatehouse-<node>} so that they read clearly in the portal; a name is
 * not proof of ownership, since several Services may bind the same pool.
 *
 * <p>The console-made rule decides the backend port, so it must forward to the Service's NodePort.
 */
final class AzureBackendPoolBinding implements BackendBinding {

    private static final Logger LOG = LoggerFactory.getLogger(AzureBackendPoolBinding.class);
    static final String ADDRESS_PREFIX = "gatehouse-";

    private final LoadBalancerBackendAddressPoolsClient client;
    private final AzureLbSettings settings;
    private final LongRunning operations;

    AzureBackendPoolBinding(LoadBalancerBackendAddressPoolsClient client, AzureLbSettings settings) {
        this.client = client;
        this.settings = settings;
        this.operations = new LongRunning(settings.timeouts());
    }

    /** Where a backend pool is, from its resource id. */
    private record PoolAddress(String id, String group, String loadBalancer, String pool) {

        String subject() {
            return "azure backend pool " + id;
        }
    }

    @Override
    public String annotation() {
        return AzureLoadBalancing.BACKEND_POOL_ANNOTATION;
    }

    @Override
    public Set<String> ensureBound(String target, int nodePort, List<NodeTarget> nodes, Set<String> registered) {
        PoolAddress address = parse(target);
        List<NodeTarget> wanted = nodes.stream()
                .filter(node -> node.internalIp() != null && !node.internalIp().isBlank())
                .sorted()
                .toList();
        Set<String> wantedIps = wanted.stream().map(NodeTarget::internalIp).collect(Collectors.toSet());
        for (int attempt = 1; ; attempt++) {
            BackendAddressPoolInner pool = read(address);
            if (pool == null) {
                throw new LoadBalancerException(SyncFailures.SYNC_FAILED, address.subject()
                        + ": no such backend pool (annotation " + annotation() + ")");
            }
            List<LoadBalancerBackendAddress> current = BackendAddresses.orEmpty(pool.loadBalancerBackendAddresses());
            Set<String> present = current.stream().map(LoadBalancerBackendAddress::ipAddress)
                    .collect(Collectors.toCollection(HashSet::new));
            Set<String> ours = new TreeSet<>();
            List<LoadBalancerBackendAddress> next = new ArrayList<>();
            boolean changed = false;
            for (LoadBalancerBackendAddress entry : current) {
                boolean mine = registered.contains(entry.ipAddress());
                if (mine && !wantedIps.contains(entry.ipAddress())) {
                    changed = true;
                    continue;
                }
                if (mine) {
                    ours.add(entry.ipAddress());
                }
                next.add(entry);
            }
            String virtualNetworkId = virtualNetwork(pool);
            for (NodeTarget node : wanted) {
                if (present.add(node.internalIp())) {
                    next.add(BackendAddresses.of(ADDRESS_PREFIX + node.name(), node.internalIp(), virtualNetworkId));
                    ours.add(node.internalIp());
                    changed = true;
                }
            }
            if (!changed) {
                return Set.copyOf(ours);
            }
            if (write(address, pool.withLoadBalancerBackendAddresses(next), attempt, changes(current, next))) {
                return Set.copyOf(ours);
            }
        }
    }

    @Override
    public void ensureUnbound(String target, Set<String> registered) {
        PoolAddress address = parse(target);
        for (int attempt = 1; ; attempt++) {
            BackendAddressPoolInner pool = read(address);
            if (pool == null) {
                return;
            }
            List<LoadBalancerBackendAddress> current = BackendAddresses.orEmpty(pool.loadBalancerBackendAddresses());
            List<LoadBalancerBackendAddress> next = current.stream()
                    .filter(entry -> !registered.contains(entry.ipAddress()))
                    .toList();
            if (next.size() == current.size()) {
                return;
            }
            if (write(address, pool.withLoadBalancerBackendAddresses(new ArrayList<>(next)), attempt,
                    changes(current, next))) {
                return;
            }
        }
    }

    private PoolAddress parse(String target) {
        ResourceId id;
        try {
            id = ResourceIds.requireType("annotation " + annotation(), target, ResourceIds.BACKEND_POOL);
        } catch (IllegalArgumentException e) {
            throw new LoadBalancerException(SyncFailures.SYNC_FAILED, "azure backend pool binding: " + e.getMessage(), e);
        }
        if (!settings.subscriptionId().equalsIgnoreCase(id.subscriptionId())) {
            throw new LoadBalancerException(SyncFailures.SYNC_FAILED, "azure backend pool " + target
                    + ": is in subscription " + id.subscriptionId() + ", expected subscription "
                    + settings.subscriptionId());
        }
        return new PoolAddress(target, id.resourceGroupName(), id.parent().name(), id.name());
    }

    /** The pool's own network, else its addresses', else the nodes' network from the settings. */
    private String virtualNetwork(BackendAddressPoolInner pool) {
        if (pool.virtualNetwork() != null && pool.virtualNetwork().id() != null) {
            return pool.virtualNetwork().id();
        }
        return BackendAddresses.orEmpty(pool.loadBalancerBackendAddresses()).stream()
                .filter(entry -> entry.virtualNetwork() != null && entry.virtualNetwork().id() != null)
                .map(entry -> entry.virtualNetwork().id())
                .findFirst()
                .orElse(settings.virtualNetworkId());
    }

    private BackendAddressPoolInner read(PoolAddress address) {
        try {
            return client.getWithResponse(address.group(), address.loadBalancer(), address.pool(), Context.NONE)
                    .getValue();
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return null;
            }
            throw SyncFailures.failed(address.subject(), "reading the backend pool", e);
        }
    }

    /** @return false when the pool changed since it was read and must be read again */
    private boolean write(PoolAddress address, BackendAddressPoolInner pool, int attempt, String changes) {
        String action = "updating the backend pool (" + changes + ", If-Match " + pool.etag() + ")";
        try {
            operations.finish(client.beginCreateOrUpdate(address.group(), address.loadBalancer(), address.pool(), pool,
                    ConditionalWritePolicy.ifMatch(pool.etag())));
            LOG.info("{}: {} done", address.subject(), action);
            return true;
        } catch (RuntimeException e) {
            if (!AzureErrors.isPreconditionFailed(e) || attempt >= settings.conflictAttempts()) {
                throw SyncFailures.failed(address.subject(), action, e);
            }
            LOG.debug("{}: changed since it was read ({}); reading it again", address.subject(), AzureErrors.describe(e));
            return false;
        }
    }

    private static String changes(List<LoadBalancerBackendAddress> current, List<LoadBalancerBackendAddress> next) {
        Set<String> before = current.stream().map(LoadBalancerBackendAddress::ipAddress)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> after = next.stream().map(LoadBalancerBackendAddress::ipAddress)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        return "adding " + added + ", removing " + removed;
    }
}
