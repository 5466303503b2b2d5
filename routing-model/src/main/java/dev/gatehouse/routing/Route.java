package dev.gatehouse.routing;

/**
 * One rule of a {@link VirtualHost}: a path match, what else the request must carry, and an action.
 *
 * @param name   a stable label for metrics, logs and {@code /routes}, e.g. {@code default/web:/api}
 * @param path   which request paths this route takes
 * @param action   what it does with them
 * @param priority routes of a host with a higher priority are tried first, whatever their paths; 0 for the
 *                 Ingress rules, whose order the specification fixes (marathon-lb's {@code BACKEND_WEIGHT} sets it)
 * @param match    the method, headers and query parameters the request must also carry; {@link RequestMatch#ANY} for
 *                 none (Gateway API's HTTPRoute matches; Ingress and label routes have none)
 */
public record Route(String name, PathMatch path, RouteAction action, int priority, RequestMatch match) {

    public Route {
        if (name == null || name.isEmpty() || path == null || action == null || match == null) {
            throw new IllegalArgumentException("a route needs a name, a path match, a request match and an action");
        }
    }

    /** A route that requires nothing besides its path. */
    public Route(String name, PathMatch path, RouteAction action, int priority) {
        this(name, path, action, priority, RequestMatch.ANY);
    }

    /** A route of priority 0. */
    public Route(String name, PathMatch path, RouteAction action) {
        this(name, path, action, 0);
    }

    /**
     * Precedence inside a host: the higher priority first, then, per the Ingress specification, the longest
     * path first, and at equal length an exact path before a prefix; the name breaks remaining ties so the
     * order is deterministic. Regex paths come after the others of their priority, longest expression first, as
     * ingress-nginx orders them: on a host where its Ingresses use regular expressions every Ingress path is one, and
     * what stays exact or prefix there (app-root's {@code /}, label routes) is tried first, as nginx tries
     * {@code location =} before its regex locations. Among routes of the same path, Gateway API's order of request
     * matches follows ({@link RequestMatch#byPrecedence}).
     */
    static int byPrecedence(Route a, Route b) {
        if (a.priority != b.priority) {
            return Integer.compare(b.priority, a.priority);
        }
        boolean regexA = a.path.type() == PathType.REGEX;
        if (regexA != (b.path.type() == PathType.REGEX)) {
            return regexA ? 1 : -1;
        }
        int byLength = Integer.compare(b.path.matchedLength(), a.path.matchedLength());
        if (byLength != 0) {
            return byLength;
        }
        int byType = a.path.type().compareTo(b.path.type());
        if (byType != 0) {
            return byType;
        }
        int byMatch = RequestMatch.byPrecedence(a.match, b.match);
        return byMatch != 0 ? byMatch : a.name.compareTo(b.name);
    }
}
