package dev.gatehouse.routing;

/**
 * How a {@link PathMatch} compares its path with the request path. The names follow the Ingress API;
 * {@code ImplementationSpecific} is resolved by the translator into one of these; {@code BEGINS} is for
 * marathon-lb's {@code HAPROXY_{n}_PATH}.
 */
public enum PathType {
    /** The whole request path, case-sensitive. */
    EXACT,
    /** Element-wise on {@code /}: {@code /foo} matches {@code /foo}, {@code /foo/} and {@code /foo/bar}, not {@code /foobar}. */
    PREFIX,
    /** Character-wise, HAProxy's {@code path_beg}: {@code /foo} matches {@code /foo}, {@code /foo/bar} and {@code /foobar}. */
    BEGINS
}
