/**
 * The Kubernetes side of the load-balancer sync: informers on Services, Nodes and EndpointSlices, and
 * the reconciler that, on the leader, keeps a load balancer (or a binding to a console-made one) for
 * each Service it owns, with the finalizer {@code service.kubernetes.io/load-balancer-cleanup} and
 * the address in {@code status.loadBalancer}. Start at
 * {@link dev.gatehouse.cloudlb.service.LoadBalancerController}; {@code LoadBalancerRequests} turns objects
 * into provider requests (pure), {@code ServiceEvents} writes the Events.
 */
package dev.gatehouse.cloudlb.service;
