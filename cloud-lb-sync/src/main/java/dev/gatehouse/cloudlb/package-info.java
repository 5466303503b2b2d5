/**
 * The cloud load-balancer sync: a reconciler that keeps an AWS, Azure or address-pool load balancer in
 * front of each LoadBalancer Service it owns, and writes the address back into the Service status.
 *
 * <p>Empty until that reconciler lands (issue 8); the module exists so the build has its final shape.
 */
package dev.gatehouse.cloudlb;
