/**
 * The Kubernetes side of Gatehouse in a cluster: informers that feed the translator
 * ({@link dev.gatehouse.controller.kube.KubernetesSource}, start here), whether the API server is
 * reachable ({@link dev.gatehouse.controller.kube.SourceHealth}), and what only the leader writes back:
 * leader election ({@link dev.gatehouse.controller.kube.Leadership}), Ingress status
 * ({@link dev.gatehouse.controller.kube.IngressStatusWriter}) and Events
 * ({@link dev.gatehouse.controller.kube.EventRecorder}).
 *
 * <p>Objects from informer caches are shared and never modified: writes build new objects.
 */
package dev.gatehouse.controller.kube;
