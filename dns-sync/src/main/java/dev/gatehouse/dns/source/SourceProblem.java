package dev.gatehouse.dns.source;

/**
 * An annotation or host a source could not use; the rest of the object is still published.
 *
 * @param kind {@code Ingress} or {@code Service}
 */
public record SourceProblem(String kind, String namespace, String name, String message) {
}
