/**
 * An Ingress's annotations, and the global ConfigMap under the same key names, read into typed route settings.
 *
 * <p>Start at {@link dev.gatehouse.controller.translate.annotations.IngressAnnotations}, which reads every annotation of
 * one Ingress over the ConfigMap's defaults ({@link dev.gatehouse.controller.translate.annotations.GlobalConfig}), one
 * reader per feature: {@code PathAnnotations}, {@code UpstreamAnnotations}, {@code CanaryAnnotations},
 * {@code AuthAnnotations} ({@code BasicAuthAnnotations}, {@code ExternalAuthAnnotations}), {@code RateLimitAnnotations},
 * {@code CorsAnnotations}, {@code HeaderAnnotations}, {@code MirrorAnnotations}, {@code ErrorPageAnnotations} and
 * {@code AccessLogAnnotation}, each on the shared {@code AnnotationReader}, which reports a value it cannot use and falls
 * back to the default. {@link dev.gatehouse.controller.translate.annotations.AnnotationCatalog} lists every key with its
 * support and default (docs/annotations.md is checked against it). The readers reach Services only through
 * {@code Backends}, which the translator implements; nothing here builds clusters or routes.
 */
package dev.gatehouse.controller.translate.annotations;
