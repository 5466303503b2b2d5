package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;

/** A provider of one kind of AWS load balancer, which can tell whether a Service still has any of its resources. */
interface AwsProvider extends LoadBalancerProvider {

    /**
     * Whether anything {@link #ensure} made for the Service still exists: the load balancer, or the security group
     * that is deleted last. Reads only; the per-Service provider asks it to clean up after a change of kind.
     */
    boolean holds(LoadBalancerRequest request);
}
