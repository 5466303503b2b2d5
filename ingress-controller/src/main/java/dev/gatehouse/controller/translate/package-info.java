/**
 * Translators: pure functions from a {@link dev.gatehouse.controller.view.ClusterView} to a
 * {@link dev.gatehouse.routing.RoutingSnapshot} and the warnings about what was left out.
 *
 * <p>Start at {@link dev.gatehouse.controller.translate.IngressTranslator}, which implements the Ingress
 * specification: which Ingresses are ours ({@code IngressClassFilter}), how rules and paths become
 * routes ({@code IngressPaths}, {@code HostNames}), how conflicts between Ingresses resolve (the oldest
 * wins), how its annotations become typed route settings ({@code IngressAnnotations}, keys in
 * {@link dev.gatehouse.controller.translate.AnnotationCatalog}; one reader per feature, such as
 * {@code PathAnnotations}, {@code UpstreamAnnotations}, {@code CanaryAnnotations} with {@code CanaryRules},
 * {@code AuthAnnotations}, {@code RateLimitAnnotations}, {@code CorsAnnotations}, {@code HeaderAnnotations} and
 * {@code ErrorPageAnnotations}, each on the shared {@code AnnotationReader}, below the global ConfigMap's
 * {@code GlobalConfig}), and how a backend becomes a cluster of ready endpoints ({@code BackendResolver}). It then adds
 * what Services and Marathon apps ask for by marathon-lb's keys ({@code LabelTranslator}: {@code LabelKeys}
 * names them, {@code PortLabels} and {@code LabelPolicies} parse them, {@code MarathonClusters} builds the
 * apps' clusters) and the TCP listeners of the tcp-services ConfigMap ({@code TcpServices}), Ingress rules
 * first. No client, clock or I/O: the same view always gives the same snapshot, sorted.
 * {@link dev.gatehouse.controller.translate.AnnotationValues} runs the annotation readers alone, for
 * {@code gatehouse migrate-check}.
 */
package dev.gatehouse.controller.translate;
