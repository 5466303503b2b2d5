package dev.gatehouse.routing;

import java.util.List;
import java.util.Locale;

/**
 * What a route requires of a request besides its host and path (Gateway API's HTTPRouteMatch): a method, headers and
 * query parameters, all of which must match. {@link #ANY} requires nothing, and is what Ingress and label routes have.
 *
 * @param method      the method, upper case, or null for any
 * @param headers     headers that must be present with a matching value (names lower case; the first value counts)
 * @param queryParams query parameters that must be present with a matching value (the first occurrence counts)
 */
public record RequestMatch(String method, List<ValueMatch> headers, List<ValueMatch> queryParams) {

    /** Every request. */
    public static final RequestMatch ANY = new RequestMatch(null, List.of(), List.of());

    public RequestMatch {
        if (method != null && (method.isEmpty() || !method.equals(method.toUpperCase(Locale.ROOT)))) {
            throw new IllegalArgumentException("method \"" + method + "\" must be an upper-case token, or null for any");
        }
        headers = List.copyOf(headers);
        queryParams = List.copyOf(queryParams);
        for (ValueMatch header : headers) {
            if (!header.name().equals(header.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header match name \"" + header.name() + "\" must be lower case");
            }
        }
    }

    /** Whether this match requires nothing. */
    public boolean any() {
        return method == null && headers.isEmpty() && queryParams.isEmpty();
    }

    /**
     * Whether the request satisfies every condition.
     *
     * @param request the method and headers, or null when they are not known (then only {@link #ANY} matches)
     * @param target  the request target as sent, whose query holds the parameters
     */
    boolean matches(RequestView request, String target) {
        if (any()) {
            return true;
        }
        if (request == null || method != null && !method.equals(request.method())) {
            return false;
        }
        for (ValueMatch header : headers) {
            if (!header.accepts(request.header(header.name()))) {
                return false;
            }
        }
        for (ValueMatch param : queryParams) {
            if (!param.accepts(RequestTarget.queryParameter(target, param.name()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gateway API's precedence among matches of the same path: one with a method first, then the one with more header
     * matches, then more query parameter matches. Negative when {@code a} comes first.
     */
    static int byPrecedence(RequestMatch a, RequestMatch b) {
        if ((a.method == null) != (b.method == null)) {
            return a.method != null ? -1 : 1;
        }
        int byHeaders = Integer.compare(b.headers.size(), a.headers.size());
        return byHeaders != 0 ? byHeaders : Integer.compare(b.queryParams.size(), a.queryParams.size());
    }

    @Override
    public String toString() {
        return any() ? "any" : (method == null ? "" : method + " ") + headers + (queryParams.isEmpty() ? "" : "?" + queryParams);
    }
}
