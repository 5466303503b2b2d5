/**
 * The cloud load-balancer sync: keeps an AWS, Azure or address-pool load balancer in front of each
 * LoadBalancer Service it owns, and the ready nodes registered in console-made load balancers that
 * Services are bound to, on the contract of Kubernetes' cloud-provider {@code LoadBalancer} interface.
 *
 * <p>Start at {@link dev.gatehouse.cloudlb.LoadBalancerProvider} (the contract) and
 * {@link dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler} (the reconciler on the leader); the
 * providers are in {@code aws}, {@code azure} and {@code pool}. Each provider plans what it would do as a
 * {@link dev.gatehouse.cloudlb.LoadBalancerPlan} (printed by {@link dev.gatehouse.cloudlb.LoadBalancerPlanTable}), with
 * the same walk that applies it, and reports the steps it applies to a {@link dev.gatehouse.cloudlb.ResourceReport}
 * ({@link dev.gatehouse.cloudlb.ResourceMetrics} counts the adopted, repaired and cleaned resources).
 */
package dev.gatehouse.cloudlb;
