/**
 * A running Gatehouse, assembled from named parts, and its control loop.
 *
 * <p>Start at {@link dev.gatehouse.controller.runtime.StandaloneGatehouse} (a directory of manifests) or
 * {@link dev.gatehouse.controller.runtime.ClusterGatehouse} (a Kubernetes API server): each says which optional
 * parts to run (ACME, DNS, Marathon, cloud load balancers) and starts a
 * {@link dev.gatehouse.controller.runtime.Gatehouse}. Both hand their mode ({@code StandaloneMode},
 * {@code ClusterMode}) to {@code Assembly}, the one place that starts the parts in order: the mode's
 * foundation (the API client, the publish address), the proxy, the leader election, the leader-only loops
 * (Events, Ingress status, load balancers, ACME, DNS), routing, then the sources. Each part is a
 * {@code Component} in one {@code Lifecycle}, which stops them in the reverse order, and stops those already
 * started when one fails to start. A part not asked for is absent from the list, never null.
 *
 * <p>The control loop: a source marks the view dirty, a {@code Debouncer}
 * rebuilds on the first change at once and coalesces the changes during and shortly after a rebuild into one
 * more, and the {@code RoutingController}
 * reads the whole view, translates it and publishes the snapshot when it differs from the live one. The
 * {@code Assembly}'s methods are the only wiring between the parts: what a translation, a leadership change
 * or a loop's problem is passed on to.
 */
package dev.gatehouse.controller.runtime;
