/**
 * The controller: it turns Kubernetes objects into routing snapshots for the proxy.
 *
 * <p>Start at {@link dev.gatehouse.controller.cli.Main}, the {@code gatehouse} command. Its {@code run}
 * command assembles a running {@link dev.gatehouse.controller.runtime.Gatehouse} from named parts (see
 * {@link dev.gatehouse.controller.runtime}): a source ({@link dev.gatehouse.controller.manifests} for a
 * directory of manifests, {@link dev.gatehouse.controller.kube} for a cluster) feeds a
 * {@code RoutingController}, which rebuilds a
 * {@link dev.gatehouse.controller.view.ClusterView} after a debounce, translates it
 * ({@link dev.gatehouse.controller.translate.IngressTranslator}) and applies the snapshot to the proxy.
 */
package dev.gatehouse.controller;
