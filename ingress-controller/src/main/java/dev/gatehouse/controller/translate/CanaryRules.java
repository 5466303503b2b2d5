package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.IngressAnnotations;
import dev.gatehouse.controller.translate.annotations.PathAnnotations;
import dev.gatehouse.controller.translate.annotations.UpstreamAnnotations;
import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canary Ingresses, after every main rule is known. As with ingress-nginx, a canary Ingress's rules are not routes of
 * their own: each path attaches its cluster as the {@link dev.gatehouse.routing.Canary} of the main (non-canary) rule
 * with the same host, path and pathType (server aliases, served afterwards, copy the host's routes); its default backend
 * attaches to the main default backend. The main route's policy and filters apply to the canary's requests too, so
 * none of the canary Ingress's other settings (nor its TLS section) are used. One canary per rule: Ingresses are held
 * oldest first, so the oldest canary keeps a rule and a newer one gets a warning; a canary path without a main rule
 * is reported and not served.
 */
final class CanaryRules {

    private final BackendResolver backends;
    private final RegexHosts regexHosts;
    private final List<Warning> warnings;
    private final List<Held> held = new ArrayList<>();
    private final Map<ObjectRef, UpstreamAnnotations> upstreams = new HashMap<>();
    // who holds the canary of a host and path (or of the default backend), for the one-canary-per-rule warning
    private final Map<Object, ObjectRef> holders = new HashMap<>();

    /** @param regexHosts the hosts whose paths are regular expressions, so a canary path matches its main rule's */
    CanaryRules(BackendResolver backends, RegexHosts regexHosts, List<Warning> warnings) {
        this.backends = backends;
        this.regexHosts = regexHosts;
        this.warnings = warnings;
    }

    /**
     * Whether this pass, not the main one, takes the Ingress: a canary, or an Ingress whose {@code canary} cannot be read
     * (served neither way). Called for every served Ingress, oldest first.
     */
    boolean hold(Ingress ingress, ObjectRef owner, IngressAnnotations annotations) {
        return switch (annotations.canary().role()) {
            case MAIN -> {
                upstreams.put(owner, annotations.upstream());
                yield false;
            }
            case CANARY -> {
                held.add(new Held(ingress, owner, annotations));
                yield true;
            }
            case UNREADABLE -> true;
        };
    }

    /**
     * Attaches the held canaries to the main routes in {@code hosts} and to {@code fallback}; a canary Ingress that
     * takes part in at least one route joins {@code served}.
     *
     * @return the fallback, with the canary of a canary Ingress's default backend when one attaches
     */
    Claim attach(Map<HostPattern, Map<PathMatch, Claim>> hosts,
                                   Claim fallback, List<ObjectRef> served) {
        for (Held canary : held) {
            IngressSpec spec = canary.ingress().getSpec();
            if (spec == null) {
                continue;
            }
            boolean attached = false;
            if (spec.getDefaultBackend() != null) {
                Claim main = withCanary(canary, "spec.defaultBackend", "spec.defaultBackend", "defaultBackend",
                        fallback, spec.getDefaultBackend(), "an Ingress without canary: \"true\" that sets spec.defaultBackend");
                if (main != null) {
                    fallback = main;
                    attached = true;
                }
            }
            List<IngressRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
            for (int i = 0; i < rules.size(); i++) {
                attached |= attachRule(canary, "spec.rules[" + i + "]", rules.get(i), hosts);
            }
            if (attached) {
                served.add(canary.owner());
            }
        }
        return fallback;
    }

    private boolean attachRule(Held canary, String field, IngressRule rule,
                               Map<HostPattern, Map<PathMatch, Claim>> hosts) {
        String host = rule.getHost();
        HostPattern pattern = HostPattern.any();
        if (host != null && !host.isEmpty()) {
            String problem = HostNames.problem(host);
            if (problem != null) {
                warn(canary.owner(), Warning.INVALID_HOST, field + ".host: host \"" + host + "\" " + problem);
                return false;
            }
            pattern = HostPattern.of(host);
        }
        if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
            return false;
        }
        boolean attached = false;
        List<HTTPIngressPath> paths = rule.getHttp().getPaths();
        for (int j = 0; j < paths.size(); j++) {
            String pathField = field + ".http.paths[" + j + "]";
            IngressPaths.Result match = IngressPaths.match(paths.get(j), regexHosts.reason(host), PathAnnotations.NONE);
            if (match.problem() != null) {
                warn(canary.owner(), Warning.INVALID_PATH, pathField + ": " + match.problem());
                continue;
            }
            Map<PathMatch, Claim> routes = hosts.get(pattern);
            Claim main = routes == null ? null : routes.get(match.match());
            Claim replaced = withCanary(canary, pathField + ": host \"" + pattern + "\" path " + match.match(),
                    pathField + ".backend", List.of(pattern, match.match()), main, paths.get(j).getBackend(),
                    "an Ingress without canary: \"true\" that routes the same host, path and pathType");
            if (replaced == null) {
                continue;
            }
            routes.put(match.match(), replaced);
            attached = true;
        }
        return attached;
    }

    /**
     * The main claim with the canary of {@code backend} attached, or null when it cannot take one (reported). The
     * canary's cluster is resolved only once there is a main rule for it.
     *
     * @param where    the canary's field, host and path, for messages
     * @param field    the field of the canary's backend
     * @param key      the rule, for one canary per rule
     * @param expected what the main rule must be, for the message when there is none
     */
    private Claim withCanary(Held canary, String where, String field, Object key, Claim main,
                                               IngressBackend backend, String expected) {
        ObjectRef owner = canary.owner();
        if (main == null) {
            warn(owner, Warning.CANARY_WITHOUT_MAIN, where + " has no main rule to take requests from (expected " + expected
                    + "); it is not served");
            return null;
        }
        if (!(main.route().action() instanceof RouteAction.Forward forward)) {
            warn(owner, Warning.CANARY_WITHOUT_MAIN, where + " is not served: " + main.owner() + " answers it with a redirect "
                    + "(expected a main rule that forwards)");
            return null;
        }
        ObjectRef holder = holders.get(key);
        if (holder != null) {
            warn(owner, Warning.RULE_CONFLICT, where + " already has a canary from " + (holder.equals(owner)
                    ? "an earlier rule of the same Ingress" : holder + ", which is older")
                    + " (expected one canary per rule; the oldest wins)");
            return null;
        }
        ClusterName cluster = backends.resolve(owner, field, Metadata.namespace(canary.ingress()), backend,
                upstream(canary, main.owner()));
        if (cluster == null) {
            return null;
        }
        if (forward.cluster().equals(cluster)) {
            warn(owner, Warning.INVALID_BACKEND, where + ": the canary's backend " + cluster + " is the main rule's own (expected "
                    + "another Service or port); it is not served");
            return null;
        }
        holders.put(key, owner);
        return new Claim(main.owner(), new Route(main.route().name(), main.route().path(),
                forward.withCanary(canary.settings().canary().canary(cluster))));
    }

    /**
     * How the canary's cluster is spoken to, as with ingress-nginx: the protocol is the main Ingress's (it belongs to the
     * location both share), balancing and service-upstream the canary Ingress's own, affinity the main Ingress's unless
     * {@code affinity-canary-behavior} is {@code legacy}; retries are the main route's.
     */
    private UpstreamAnnotations upstream(Held canary, ObjectRef main) {
        UpstreamAnnotations own = canary.settings().upstream();
        UpstreamAnnotations primary = upstreams.getOrDefault(main, UpstreamAnnotations.NONE);
        return new UpstreamAnnotations(primary.protocol(), own.loadBalancing(),
                canary.settings().canary().stickyAffinity() ? primary.affinity() : own.affinity(), own.serviceUpstream(), null);
    }

    private void warn(ObjectRef owner, String reason, String detail) {
        warnings.add(new Warning(owner, reason, owner + ": " + detail));
    }

    /** A canary Ingress waiting for the main rules. */
    private record Held(Ingress ingress, ObjectRef owner, IngressAnnotations settings) {
    }
}
