/**
 * The control loop: a source marks the view dirty, a {@link dev.gatehouse.controller.runtime.Debouncer}
 * turns bursts of changes into one rebuild, and the {@link dev.gatehouse.controller.runtime.RoutingController}
 * reads the whole view, translates it and publishes the snapshot when it differs from the live one.
 *
 * <p>{@link dev.gatehouse.controller.runtime.StandaloneGatehouse} wires this for a manifest directory,
 * {@link dev.gatehouse.controller.runtime.ClusterGatehouse} for a Kubernetes API server; either joins a
 * Marathon's apps to the view ({@code MarathonFeed}) when asked.
 */
package dev.gatehouse.controller.runtime;
