package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.Canary;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.PathType;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestMatch;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.Tracing;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestRedirectFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilter;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rule of an HTTPRoute as matches and one action, as far as the routing model serves it: path matches
 * (Exact, PathPrefix, RegularExpression) with method, header and query parameter conditions, up to two weighted Service backends (the second as a weighted canary),
 * headers set on the request and the response, a redirect to another host, and a rewrite of the host and of a matched
 * prefix or exact path. A rule that needs anything else is dropped whole, with the reason, rather than served without
 * it: a looser match or a missing filter would send requests where the route does not say.
 */
final class RuleTranslator {

    private static final int DEFAULT_REDIRECT = 302;

    private final ServiceBackends backends;
    private final ReferenceGrants grants;

    RuleTranslator(ServiceBackends backends, ReferenceGrants grants) {
        this.backends = backends;
        this.grants = grants;
    }

    /**
     * @param matches    the matches of the rule, each with its action (one action unless a rewrite depends on the match)
     * @param dropped    why the rule is not served, or null
     * @param unresolved the first backend reference that could not be used, as a ResolvedRefs reason and message, or null
     */
    record Result(List<Served> matches, String dropped, String[] unresolved) {
    }

    /** One match of a rule: its path, what else the request must carry, and the rule's action for it. */
    record Served(PathMatch path, RequestMatch conditions, RouteAction action) {
    }

    Result translate(ObjectRef owner, String namespace, int index, HTTPRouteRule rule) {
        String field = "spec.rules[" + index + "]";
        String unsupported = unsupported(field, rule);
        if (unsupported != null) {
            return new Result(List.of(), unsupported, null);
        }
        List<HTTPRouteMatch> matches = rule.getMatches() == null || rule.getMatches().isEmpty()
                ? List.of(new HTTPRouteMatch(null, null, null, null)) : rule.getMatches();
        List<PathMatch> paths = new ArrayList<>();
        List<RequestMatch> conditions = new ArrayList<>();
        for (int j = 0; j < matches.size(); j++) {
            HTTPRouteMatch match = matches.get(j);
            String matchField = field + ".matches[" + j + "]";
            try {
                paths.add(path(match.getPath()));
            } catch (IllegalArgumentException invalid) {
                return new Result(List.of(), matchField + ".path: " + invalid.getMessage(), null);
            }
            try {
                conditions.add(RequestMatches.of(matchField, match));
            } catch (IllegalArgumentException invalid) {
                return new Result(List.of(), invalid.getMessage(), null);
            }
        }

        Map<String, String> requestHeaders = new TreeMap<>();
        Map<String, String> responseHeaders = new TreeMap<>();
        HTTPRequestRedirectFilter redirect = null;
        HTTPURLRewriteFilter rewrite = null;
        List<HTTPRouteFilter> filters = rule.getFilters() == null ? List.of() : rule.getFilters();
        for (int k = 0; k < filters.size(); k++) {
            HTTPRouteFilter filter = filters.get(k);
            String filterField = field + ".filters[" + k + "]";
            String problem = switch (filter.getType() == null ? "" : filter.getType()) {
                case "RequestHeaderModifier" -> headers(filterField, filter.getRequestHeaderModifier(), requestHeaders);
                case "ResponseHeaderModifier" -> headers(filterField, filter.getResponseHeaderModifier(), responseHeaders);
                case "RequestRedirect" -> {
                    redirect = filter.getRequestRedirect();
                    yield redirectProblem(filterField, redirect);
                }
                case "URLRewrite" -> {
                    rewrite = filter.getUrlRewrite();
                    yield rewriteProblem(filterField, rewrite, paths);
                }
                default -> filterField + ": filter type " + filter.getType() + " is not served yet";
            };
            if (problem != null) {
                return new Result(List.of(), problem, null);
            }
        }

        if (redirect != null) {
            RouteAction action = RouteAction.Redirect.toHost(redirect.getStatusCode() == null ? DEFAULT_REDIRECT : redirect.getStatusCode(),
                    redirect.getHostname().toLowerCase(Locale.ROOT));
            List<Served> served = new ArrayList<>();
            for (int j = 0; j < paths.size(); j++) {
                served.add(new Served(paths.get(j), conditions.get(j), action));
            }
            return new Result(served, null, null);
        }
        List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
        List<ClusterName> clusters = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        String[] unresolved = null;
        for (int k = 0; k < refs.size(); k++) {
            HTTPBackendRef ref = refs.get(k);
            String refField = field + ".backendRefs[" + k + "]";
            if (ref.getFilters() != null && !ref.getFilters().isEmpty()) {
                return new Result(List.of(), refField + ".filters: backend filters are not served yet", null);
            }
            String[] problem = null;
            ClusterName cluster = null;
            if (!(ref.getGroup() == null || ref.getGroup().isEmpty()) || !(ref.getKind() == null || ref.getKind().equals("Service"))) {
                problem = new String[] {"InvalidKind", refField + ": " + ref.getGroup() + "/" + ref.getKind() + " is not a Service"};
            } else if (!grants.permits(ListenerCheck.HTTP_ROUTE, namespace, "", "Service", serviceNamespace(ref, namespace), ref.getName())) {
                problem = new String[] {"RefNotPermitted", refField + ": Service " + ref.getNamespace() + "/" + ref.getName()
                        + " is in another namespace, and no ReferenceGrant there allows HTTPRoutes of " + namespace + " to use it"};
            } else if (ref.getPort() == null) {
                problem = new String[] {"BackendNotFound", refField + ": a Service backend needs its port"};
            } else {
                cluster = backends.resolve(owner, refField, serviceNamespace(ref, namespace),
                        new IngressServiceBackend(ref.getName(), new ServiceBackendPort(null, ref.getPort())));
                if (cluster == null) {
                    problem = new String[] {"BackendNotFound", refField + ": Service " + serviceNamespace(ref, namespace) + "/"
                            + ref.getName() + " port " + ref.getPort() + " is not found"};
                }
            }
            if (problem != null) {
                unresolved = unresolved == null ? problem : unresolved;
                continue;
            }
            int weight = ref.getWeight() == null ? 1 : ref.getWeight();
            if (weight > 0) {
                clusters.add(cluster);
                weights.add(weight);
            }
        }
        if (clusters.size() > 2) {
            return new Result(List.of(), field + ".backendRefs: more than two weighted backends are not served yet", unresolved);
        }
        List<Served> routes = new ArrayList<>();
        for (int j = 0; j < paths.size(); j++) {
            PathMatch path = paths.get(j);
            routes.add(new Served(path, conditions.get(j), clusters.isEmpty() ? new RouteAction.DirectResponse(500, "")
                    : forward(clusters, weights, requestFilters(requestHeaders, responseHeaders, rewrite, path))));
        }
        return new Result(routes, null, unresolved);
    }

    private static String serviceNamespace(HTTPBackendRef ref, String routeNamespace) {
        return ref.getNamespace() == null || ref.getNamespace().isEmpty() ? routeNamespace : ref.getNamespace();
    }

    private static RouteAction forward(List<ClusterName> clusters, List<Integer> weights, RequestFilters filters) {
        RouteAction.Forward forward = new RouteAction.Forward(clusters.get(0), RequestPolicy.DEFAULTS, filters);
        if (clusters.size() == 1) {
            return forward;
        }
        return forward.withCanary(new Canary(clusters.get(1), null, null, null, null, weights.get(1), weights.get(0) + weights.get(1)));
    }

    private static RequestFilters requestFilters(Map<String, String> requestHeaders, Map<String, String> responseHeaders,
                                                 HTTPURLRewriteFilter rewrite, PathMatch path) {
        PathRewrite pathRewrite = null;
        String host = null;
        if (rewrite != null) {
            host = rewrite.getHostname() == null ? null : rewrite.getHostname().toLowerCase(Locale.ROOT);
            HTTPPathModifier modifier = rewrite.getPath();
            if (modifier != null) {
                String replacement = "ReplaceFullPath".equals(modifier.getType()) ? modifier.getReplaceFullPath() : modifier.getReplacePrefixMatch();
                pathRewrite = new PathRewrite(path.value(), replacement);
            }
        }
        return new RequestFilters(List.of(), null, pathRewrite, host, null, List.of(), requestHeaders, null, null, null,
                responseHeaders, null, null, true, Tracing.DEFAULT);
    }

    private static PathMatch path(HTTPPathMatch path) {
        String type = path == null || path.getType() == null ? "PathPrefix" : path.getType();
        String value = path == null || path.getValue() == null ? "/" : path.getValue();
        return switch (type) {
            case "Exact" -> PathMatch.exact(value);
            case "PathPrefix" -> PathMatch.prefix(value);
            case "RegularExpression" -> PathMatch.regex(value);
            default -> throw new IllegalArgumentException("type " + type + " is not a path match type (expected Exact, PathPrefix "
                    + "or RegularExpression)");
        };
    }

    private static String unsupported(String field, HTTPRouteRule rule) {
        if (rule.getTimeouts() != null) {
            return field + ".timeouts: not served yet";
        }
        if (rule.getRetry() != null) {
            return field + ".retry: not served yet";
        }
        if (rule.getSessionPersistence() != null) {
            return field + ".sessionPersistence: not served yet";
        }
        return null;
    }

    private static String headers(String field, HTTPHeaderFilter filter, Map<String, String> into) {
        if (filter == null) {
            return field + ": the filter's settings are missing";
        }
        if (filter.getAdd() != null && !filter.getAdd().isEmpty() || filter.getRemove() != null && !filter.getRemove().isEmpty()) {
            return field + ": only set is served yet (add and remove need the data plane to append and remove headers)";
        }
        for (HTTPHeader header : filter.getSet() == null ? List.<HTTPHeader>of() : filter.getSet()) {
            String name = header.getName() == null ? "" : header.getName().toLowerCase(Locale.ROOT);
            String value = header.getValue() == null ? "" : header.getValue();
            if (!name.matches("[!#$%&'*+.^_`|~0-9a-z-]+") || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                return field + ": header \"" + header.getName() + "\" must be a token with a value without control characters";
            }
            into.put(name, value);
        }
        return null;
    }

    private static String redirectProblem(String field, HTTPRequestRedirectFilter redirect) {
        if (redirect == null) {
            return field + ": the filter's settings are missing";
        }
        if (redirect.getScheme() != null || redirect.getPort() != null || redirect.getPath() != null || redirect.getHostname() == null) {
            return field + ": only a redirect to another hostname is served yet (scheme, port and path need the data plane)";
        }
        if (!redirect.getHostname().toLowerCase(Locale.ROOT).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            return field + ": hostname \"" + redirect.getHostname() + "\" is not a host name";
        }
        Integer status = redirect.getStatusCode();
        return status == null || status == 301 || status == 302 ? null : field + ": status " + status + " (expected 301 or 302)";
    }

    private static String rewriteProblem(String field, HTTPURLRewriteFilter rewrite, List<PathMatch> paths) {
        if (rewrite == null) {
            return field + ": the filter's settings are missing";
        }
        if (rewrite.getHostname() != null && !rewrite.getHostname().toLowerCase(Locale.ROOT).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            return field + ": hostname \"" + rewrite.getHostname() + "\" is not a host name";
        }
        HTTPPathModifier modifier = rewrite.getPath();
        if (modifier == null) {
            return null;
        }
        boolean full = "ReplaceFullPath".equals(modifier.getType());
        String replacement = full ? modifier.getReplaceFullPath() : modifier.getReplacePrefixMatch();
        if (!full && !"ReplacePrefixMatch".equals(modifier.getType()) || replacement == null || !replacement.startsWith("/")) {
            return field + ".path: expected type ReplaceFullPath or ReplacePrefixMatch with a path starting with \"/\"";
        }
        // the model rewrites a matched prefix; a full path is one when the match is exact
        PathType needed = full ? PathType.EXACT : PathType.PREFIX;
        for (PathMatch path : paths) {
            if (path.type() != needed || (full && path.value().length() > 1 && path.value().endsWith("/"))) {
                return field + ".path: " + modifier.getType() + " is served with " + (full ? "Exact" : "PathPrefix")
                        + " path matches only, not " + path;
            }
        }
        return null;
    }
}
