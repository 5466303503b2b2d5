package dev.gatehouse.routing;

/**
 * How a {@link PathMatch} compares its path with the request path. The names follow the Ingress API;
 * {@code ImplementationSpecific} is resolved by the translator into one of these; {@code BEGINS} and
 * {@code BEGINS_IGNORE_CASE} are for marathon-lb's {@code HAPROXY_{n}_PATH}; {@code REGEX} for ingress-nginx's {@code use-regex} and
 * {@code rewrite-target}.
 */
public enum PathType {
    /** The whole request path, case-sensitive. */
    EXACT,
    /** Element-wise on {@code /}: {@code /foo} matches {@code /foo}, {@code /foo/} and {@code /foo/bar}, not {@code /foobar}. */
    PREFIX,
    /** Character-wise, HAProxy's {@code path_beg}: {@code /foo} matches {@code /foo}, {@code /foo/bar} and {@code /foobar}. */
    BEGINS,
    /** As {@link #BEGINS}, ignoring the case of ASCII letters: {@code path_beg -i}. {@code /api} matches {@code /API/v2}. */
    BEGINS_IGNORE_CASE,
    /**
     * An RE2 regular expression matched case-insensitively from the start of the path, and not necessarily to its end:
     * nginx's {@code location ~* "^PATH"}. {@code /api/v[0-9]+} matches {@code /API/v2/users}.
     */
    REGEX
}
