package dev.gatehouse.dns.source;

/**
 * An annotation or host a source could not use; the rest of the object is still published.
 *
 * @param kind {@code Ingress}, {@code Service}, {@code Gateway} or a route kind ({@code HTTPRoute}, ...)
 */
public record SourceProblem(String kind, String namespace, String name, String message) {
}
