/**
 * The load-balancer reconciler: on the leader, keeps a load balancer (or a binding to a console-made one)
 * for each Service it owns, with the finalizer {@code service.kubernetes.io/load-balancer-cleanup} and
 * the address in {@code status.loadBalancer}, organised as dns-sync's reconciler is.
 *
 * <p>Start at {@link dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler}, which wires the parts:
 * {@code ClusterView} (informers) feeds {@code PassScheduler}, which runs a {@code Pass} over every Service
 * with {@code Backoff}; {@code ServiceReconciler} does one Service through {@code LoadBalancers} (the
 * provider's ensure and delete, and the status) and {@code BindingReconciler} (with the
 * {@code BindingRegistry} of what we registered). In a dry run, {@code DryRunPlans} reports the plan: the
 * first write each Service needs; {@code LoadBalancerPlans} is {@code gatehouse lb plan}'s next pass, every step of
 * every Service, planned with read calls only. {@code LoadBalancerRequests} turns objects into provider requests (pure),
 * {@code ServiceEvents} writes the Events.
 */
package dev.gatehouse.cloudlb.reconciler;
