package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.Canary;
import dev.gatehouse.routing.Mirror;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestMatch;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.SessionAffinity;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule of an HTTPRoute as matches and one action, as far as the routing model serves it: path matches
 * (Exact, PathPrefix, RegularExpression) with method, header and query parameter conditions, up to two weighted Service
 * backends (the second as a weighted canary), the filters {@link RuleFilters} reads (headers set, added and removed on
 * the request and the response, the rule's and each backend's own; mirrors; CORS; a redirect, {@link RedirectReader}; a
 * rewrite of the host and path, {@link PathModifiers}), limits on the whole request and on each attempt
 * ({@link RuleTimeouts}), retries ({@link RuleRetry}) and session persistence ({@link SessionPersistenceReader}). A rule
 * that needs anything else is dropped whole, with the reason, rather than served without it: a looser match or a missing
 * filter would send requests where the route does not say. A rule with an ExtensionRef filter answers 500, as
 * the specification asks of a filter that cannot be resolved.
 */
final class RuleTranslator {

    private final BackendRefs backendRefs;
    private final MirrorReader mirrorReader;
    private final ServiceBackends services;

    RuleTranslator(ServiceBackends backends, ReferenceGrants grants) {
        this.services = backends;
        this.backendRefs = new BackendRefs(backends, grants);
        this.mirrorReader = new MirrorReader(backends);
    }

    /**
     * @param matches    the matches of the rule, each with its action (one action unless a rewrite depends on the match)
     * @param dropped    why the rule is not served, or null
     * @param unresolved the first reference that could not be used, as a ResolvedRefs reason and message, or null
     */
    record Result(List<Served> matches, String dropped, String[] unresolved) {
    }

    /** One match of a rule: its path, what else the request must carry, and the rule's action for it. */
    record Served(PathMatch path, RequestMatch conditions, RouteAction action) {
    }

    /**
     * @param listenerPort the port of the route's listeners, for redirects ({@link RedirectReader#listenerPort})
     */
    Result translate(ObjectRef owner, String namespace, int index, HTTPRouteRule rule, int listenerPort) {
        String field = "spec.rules[" + index + "]";
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
                return dropped(matchField + ".path: " + invalid.getMessage(), null);
            }
            try {
                conditions.add(RequestMatches.of(matchField, match));
            } catch (IllegalArgumentException invalid) {
                return dropped(invalid.getMessage(), null);
            }
        }

        RuleFilters filters = new RuleFilters();
        String problem = filters.read(field, rule.getFilters() == null ? List.of() : rule.getFilters());
        if (problem != null) {
            return dropped(problem, null);
        }
        RequestPolicy policy;
        List<Mirror> mirrors;
        try {
            policy = RuleRetry.apply(field + ".retry", rule.getRetry(), RuleTimeouts.policy(field + ".timeouts", rule.getTimeouts()));
            mirrors = filters.mirrors(mirrorReader, owner, namespace);
        } catch (IllegalArgumentException invalid) {
            return dropped(invalid.getMessage(), null);
        }
        BackendRefs.Resolved resolved = filters.redirects() ? new BackendRefs.Resolved(List.of(), null)
                : backendRefs.resolve(owner, namespace, field, rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs());
        List<BackendRefs.Backend> backends = resolved.backends();
        if (backends.size() > 2) {
            return dropped(field + ".backendRefs: more than two weighted backends are not served yet", resolved.unresolved());
        }
        // each backend's own filters come after the rule's: the second backend's are read into filters of their own
        RuleFilters canaryFilters = null;
        if (!backends.isEmpty()) {
            problem = filters.readBackend(backends.get(0).field(), backends.get(0).filters());
        }
        if (problem == null && backends.size() == 2 && backends.stream().anyMatch(backend -> !backend.filters().isEmpty())) {
            canaryFilters = new RuleFilters();
            problem = canaryFilters.read(field, rule.getFilters() == null ? List.of() : rule.getFilters());
            problem = problem != null ? problem : canaryFilters.readBackend(backends.get(1).field(), backends.get(1).filters());
            if (problem == null && backends.get(0).cluster().equals(backends.get(1).cluster())) {
                problem = field + ".backendRefs: the same Service port twice with filters of its own is not served";
            }
        }
        if (problem == null && rule.getSessionPersistence() != null) {
            try {
                SessionAffinity affinity = SessionPersistenceReader.read(field + ".sessionPersistence", rule.getSessionPersistence());
                backends.forEach(backend -> services.persist(owner, backend.cluster(), affinity));
            } catch (IllegalArgumentException invalid) {
                problem = invalid.getMessage();
            }
        }
        if (problem != null) {
            return dropped(problem, resolved.unresolved());
        }
        String extension = filters.unresolvedExtension() != null ? filters.unresolvedExtension()
                : canaryFilters == null ? null : canaryFilters.unresolvedExtension();
        String[] unresolved = extension != null ? new String[] {"InvalidKind", extension} : resolved.unresolved();
        List<Served> routes = new ArrayList<>();
        try {
            for (int j = 0; j < paths.size(); j++) {
                PathMatch path = paths.get(j);
                RouteAction action = extension != null || !filters.redirects() && backends.isEmpty()
                        ? new RouteAction.DirectResponse(500, "")
                        : filters.redirects() ? filters.redirect(path, listenerPort)
                        : forward(backends, policy, filters.forward(path, mirrors),
                                canaryFilters == null ? null : canaryFilters.forward(path, mirrors));
                routes.add(new Served(path, conditions.get(j), action));
            }
        } catch (IllegalArgumentException invalid) {
            return dropped(invalid.getMessage(), unresolved);
        }
        return new Result(routes, null, unresolved);
    }

    static Result dropped(String why, String[] unresolved) {
        return new Result(List.of(), why, unresolved);
    }

    /** @param canaryFilters the second backend's filters when it has its own, else null */
    private static RouteAction forward(List<BackendRefs.Backend> backends, RequestPolicy policy, RequestFilters filters,
                                       RequestFilters canaryFilters) {
        BackendRefs.Backend main = backends.get(0);
        RouteAction.Forward forward = new RouteAction.Forward(main.cluster(), policy, filters);
        if (backends.size() == 1) {
            return forward;
        }
        BackendRefs.Backend canary = backends.get(1);
        return forward.withCanary(new Canary(canary.cluster(), null, null, null, null, canary.weight(), main.weight() + canary.weight(),
                canaryFilters));
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

}
