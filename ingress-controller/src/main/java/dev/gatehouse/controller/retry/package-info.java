/**
 * Retry timing shared by the controller's loops (ACME, DNS, Marathon, the cloud load balancers):
 * {@link dev.gatehouse.controller.retry.Backoff}. It sits at the bottom of the controller so that those
 * loops, and the runtime that assembles them, depend on it without depending on one another.
 */
package dev.gatehouse.controller.retry;
