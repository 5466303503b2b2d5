package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.NodeTarget;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;

/**
 * One Service, in the order of the cloud-provider service controller: the finalizers and the mark before
 * anything is made; then the load balancer ensured, or deleted when the Service no longer wants one (deleted,
 * another type or class) and we made it; then its binding; and last, once nothing of ours is left, our
 * finalizers released. Anything that fails throws, and the Service is tried again with backoff.
 */
final class ServiceReconciler {

    private final LbSettings settings;
    private final String provider;
    private final ServiceWriter writer;
    private final LoadBalancers loadBalancers;
    private final BindingReconciler bindings;

    ServiceReconciler(LbSettings settings, String provider, ServiceWriter writer, LoadBalancers loadBalancers,
                      BindingReconciler bindings) {
        this.settings = settings;
        this.provider = provider;
        this.writer = writer;
        this.loadBalancers = loadBalancers;
        this.bindings = bindings;
    }

    void reconcile(Service service, List<NodeTarget> eligible, List<EndpointSlice> slices) {
        boolean wantsLb = LoadBalancerRequests.wantsLoadBalancer(service, settings);
        Optional<Bindings.Wanted> binding = bindings.wanted(service);
        Optional<Bindings.Bound> bound = bindings.bound(service);
        boolean made = Marks.madeByUs(service);
        if (wantsLb && (!made || !Marks.hasAllFinalizers(service))) {
            service = writer.edit(service, "add the finalizers and mark the load balancer as ours",
                    s -> Marks.claim(s, provider));
            made = true;
        } else if (binding.isPresent() && !Marks.hasOwnFinalizer(service)) {
            service = writer.edit(service, "add the finalizer " + LoadBalancerReconciler.OWN_FINALIZER,
                    s -> Marks.add(s, LoadBalancerReconciler.OWN_FINALIZER));
        }
        LoadBalancerRequest request = LoadBalancerRequests.request(service, eligible, slices, settings);
        boolean cleanedUp = false;
        if (wantsLb) {
            loadBalancers.ensure(service, request);
        } else if (made) {
            loadBalancers.delete(service, request);
            cleanedUp = true;
        }
        try {
            bindings.reconcile(service, binding, bound, request.nodes());
        } catch (LoadBalancerException e) {
            // the bindings know the target, not the Service: name it here
            throw new LoadBalancerException(e.reason(), "service " + request.service() + ": " + e.getMessage(), e);
        }
        if (!wantsLb && binding.isEmpty() && (cleanedUp || Marks.holding(service, made)) && !settings.dryRun()) {
            writer.latest(service).ifPresent(latest -> writer.edit(latest, "remove our finalizers", Marks::release));
        }
    }
}
