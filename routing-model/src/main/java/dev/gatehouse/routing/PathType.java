package dev.gatehouse.routing;

/**
 * How a {@link PathMatch} compares its path with the request path. The names follow the Ingress API;
 * {@code ImplementationSpecific} is resolved by the translator into one of these.
 */
public enum PathType {
    /** The whole request path, case-sensitive. */
    EXACT,
    /** Element-wise on {@code /}: {@code /foo} matches {@code /foo}, {@code /foo/} and {@code /foo/bar}, not {@code /foobar}. */
    PREFIX
}
