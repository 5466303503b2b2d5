package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.RequestMatch;
import dev.gatehouse.routing.ValueMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The method, header and query parameter conditions of an HTTPRoute match, as the router checks them. As the
 * specification says, header names compare without case and query parameter names with it, and of several entries
 * with the same name only the first counts. A value type is Exact (the default) or RegularExpression (RE2).
 */
final class RequestMatches {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private RequestMatches() {
    }

    /**
     * @param field the match's field, for errors ({@code spec.rules[0].matches[1]})
     * @throws IllegalArgumentException naming the field and value that cannot be served
     */
    static RequestMatch of(String field, HTTPRouteMatch match) {
        String method = match.getMethod();
        if (method != null && !METHODS.contains(method)) {
            throw new IllegalArgumentException(field + ".method: \"" + method + "\" is not an HTTP method the specification allows "
                    + "(expected one of " + new TreeSet<>(METHODS) + ")");
        }
        List<ValueMatch> headers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<HTTPHeaderMatch> headerMatches = match.getHeaders() == null ? List.of() : match.getHeaders();
        for (int i = 0; i < headerMatches.size(); i++) {
            HTTPHeaderMatch header = headerMatches.get(i);
            String name = header.getName() == null ? "" : header.getName().toLowerCase(Locale.ROOT);
            if (!name.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
                throw new IllegalArgumentException(field + ".headers[" + i + "].name: \"" + header.getName() + "\" is not a header name");
            }
            if (seen.add(name)) {
                headers.add(value(field + ".headers[" + i + "]", name, header.getType(), header.getValue()));
            }
        }
        List<ValueMatch> params = new ArrayList<>();
        seen.clear();
        List<HTTPQueryParamMatch> paramMatches = match.getQueryParams() == null ? List.of() : match.getQueryParams();
        for (int i = 0; i < paramMatches.size(); i++) {
            HTTPQueryParamMatch param = paramMatches.get(i);
            String name = param.getName() == null ? "" : param.getName();
            if (name.isEmpty() || name.length() > 256 || name.chars().anyMatch(c -> c <= 0x20 || c == '&' || c == '=' || c == '#' || c >= 0x7f)) {
                throw new IllegalArgumentException(field + ".queryParams[" + i + "].name: \"" + param.getName()
                        + "\" is not a query parameter name (expected 1-256 visible characters other than &, = and #)");
            }
            if (seen.add(name)) {
                params.add(value(field + ".queryParams[" + i + "]", name, param.getType(), param.getValue()));
            }
        }
        return new RequestMatch(method, headers, params);
    }

    private static ValueMatch value(String field, String name, String type, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ".value: missing");
        }
        try {
            return switch (type == null ? "Exact" : type) {
                case "Exact" -> ValueMatch.exact(name, value);
                case "RegularExpression" -> ValueMatch.regex(name, value);
                default -> throw new IllegalArgumentException("type " + type + " is not served (expected Exact or RegularExpression)");
            };
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(field + ": " + invalid.getMessage());
        }
    }
}
