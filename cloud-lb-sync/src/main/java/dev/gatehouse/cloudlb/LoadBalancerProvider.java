package dev.gatehouse.cloudlb;

import java.util.List;

/**
 * A cloud (or pool) that makes load balancers, on the contract of Kubernetes' cloud-provider
 * {@code LoadBalancer} interface. Calls are blocking, made from the reconciler's own thread.
 *
 * <p>Both methods are idempotent and read before they write: when the cloud already matches the request
 * they make no write call at all. They change or delete only resources tagged as this cluster's (or, on a
 * shared resource, only the parts named after this Service's uid).
 */
public interface LoadBalancerProvider extends AutoCloseable {

    /** {@code aws-nlb}, {@code aws-elb}, {@code azure}, {@code pool}: for logs, events and metrics. */
    String name();

    /**
     * Creates or repairs the Service's load balancer so that it matches the request (listeners or rules
     * per port, targets, health checks, source ranges, tags) and returns its address.
     *
     * @throws LoadBalancerException when the cloud refused or failed; the reconciler retries with backoff
     */
    LoadBalancerStatus ensure(LoadBalancerRequest request);

    /** Deletes everything {@link #ensure} made for the Service. Already gone is success. */
    void ensureDeleted(LoadBalancerRequest request);

    /**
     * What {@link #ensure} would do now, resource by resource, found with read calls only.
     *
     * @throws LoadBalancerException when the cloud cannot be read, or refuses the request as {@link #ensure} would
     */
    LoadBalancerPlan plan(LoadBalancerRequest request);

    /** What {@link #ensureDeleted} would do now, found with read calls only. */
    LoadBalancerPlan planDeletion(LoadBalancerRequest request);

    /** Where to report each step applied from now on (the reconciler's {@link ResourceMetrics}). */
    default void reportTo(ResourceReport report) {
    }

    /**
     * Before each pass, every request the reconciler is about to ensure, with the statuses the
     * Services hold; the pool uses it to know which addresses are taken. Others ignore it.
     */
    default void observe(List<LoadBalancerRequest> all) {
    }

    @Override
    default void close() {
    }
}
