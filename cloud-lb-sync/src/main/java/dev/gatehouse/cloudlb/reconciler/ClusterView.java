package dev.gatehouse.cloudlb.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The informers on Services, Nodes and EndpointSlices whose caches a pass reads. Any change of any of them
 * only says "something changed": the pass reads every cache again (level-triggered), so no event has to be
 * interpreted and a missed one is repaired by the next.
 */
final class ClusterView implements AutoCloseable {

    private final KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Service> services;
    private volatile SharedIndexInformer<Node> nodes;
    private volatile SharedIndexInformer<EndpointSlice> slices;

    ClusterView(KubernetesClient client) {
        this.client = client;
    }

    void start(Runnable changed) {
        ResourceEventHandler<Object> dirty = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                changed.run();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                changed.run();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                changed.run();
            }
        };
        services = client.services().inAnyNamespace().inform(handler(dirty), 0);
        nodes = client.nodes().inform(handler(dirty), 0);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().inform(handler(dirty), 0);
        informers.addAll(List.of(services, nodes, slices));
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> handler(ResourceEventHandler<Object> any) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) any;
    }

    /** Started, and every informer has listed once: a pass on a partial cache would delete what it has not seen. */
    boolean synced() {
        return informers.size() == 3 && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    List<Service> services() {
        return services.getStore().list();
    }

    List<Node> nodes() {
        return nodes.getStore().list();
    }

    List<EndpointSlice> slices() {
        return slices.getStore().list();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
