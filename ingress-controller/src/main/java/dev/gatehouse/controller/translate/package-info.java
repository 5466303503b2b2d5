/**
 * Translators: pure functions from a {@link dev.gatehouse.controller.view.ClusterView} to a
 * {@link dev.gatehouse.routing.RoutingSnapshot} and the warnings about what was left out.
 *
 * <p>Start at {@link dev.gatehouse.controller.translate.IngressTranslator}, which implements the Ingress
 * specification: which Ingresses are ours ({@code IngressClassFilter}), how rules and paths become
 * routes ({@code IngressPaths}, {@code RegexHosts}, {@code WwwRedirects}), how conflicts between Ingresses resolve (the
 * oldest wins, {@code Claim}), how canaries join their main Ingress ({@code CanaryRules}), how a backend becomes a cluster
 * of ready endpoints ({@code BackendResolver}, {@code ClusterPolicies}) and which TLS Secrets serve which hosts
 * ({@code TlsSecrets}). It then adds what Services and Marathon apps ask for by marathon-lb's keys and the TCP listeners
 * of the tcp-services ConfigMap ({@code TcpServices}), and the UDP listeners of the udp-services ConfigMap
 * ({@code UdpServices}) before those of UDPRoutes, Ingress rules first, and stamps the snapshot with the proxy
 * settings: the command line's ({@link dev.gatehouse.controller.translate.TranslatorSettings#tuning()}) with the global
 * ConfigMap's over them. No client, clock or I/O: the same view always gives the same snapshot, sorted.
 *
 * <p>A translator keeps each Ingress's own part between translations ({@code IngressPart}: its annotations, routes and
 * what reading it reported), read by {@code PartReader} and kept by {@code IngressParts} for as long as the Ingress, the
 * Services, Secrets and ConfigMaps it named ({@code ObjectStamps}: uid and resourceVersion in a cluster, the content
 * otherwise), the regex status of its hosts, the global ConfigMap and the IngressClasses stay the same. What depends on
 * other Ingresses (which oldest Ingress holds a host and path, a cluster's upstream settings, a TLS host, the default
 * backend, canaries, aliases, www redirects) is decided again on every translation from the parts, oldest first, so a
 * translation with kept parts gives exactly what a new translator gives. When a few Ingresses change and every Ingress
 * keeps to its own hosts and clusters (no canary, TLS, default backend, alias and the like), {@code LocalChanges} works the
 * translation out from the last one for what they touch alone (their hosts claimed again, their clusters counted in or
 * out); {@code VirtualHosts} hands over the very virtual host of the last translation when its claims are the same, so
 * that the proxy keeps what it compiled for it.
 * {@link dev.gatehouse.controller.translate.AnnotationValues} runs the annotation readers alone, for
 * {@code gatehouse migrate-check}.
 *
 * <p>The sub-packages are layered, each using only those below it:
 * {@link dev.gatehouse.controller.translate.annotations} (an Ingress's annotations and the global ConfigMap, read into
 * typed route settings) and {@link dev.gatehouse.controller.translate.labels} (marathon-lb's keys on Services and
 * Marathon apps) over {@link dev.gatehouse.controller.translate.objects} (object references, warnings and the value
 * syntaxes they share). Where a lower package needs something of this one (a Service's cluster, a certificate check) it
 * says so with a small interface that {@code BackendResolver} or {@code TlsSecrets} implements. {@code ArchitectureTest}
 * fails on a cycle between them and on any import of the proxy ({@code dev.gatehouse.proxy}): the snapshot is the
 * translator's only output.
 */
package dev.gatehouse.controller.translate;
