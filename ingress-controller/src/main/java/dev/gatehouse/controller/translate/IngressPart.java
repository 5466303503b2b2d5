package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.IngressAnnotations;
import dev.gatehouse.controller.translate.annotations.SslRedirect;
import dev.gatehouse.controller.translate.annotations.UpstreamAnnotations;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Ingress contributes to a translation, read from the Ingress and what it names alone ({@link PartReader}), so
 * that it is read again only when one of them changed ({@link IngressParts}). Everything that depends on other Ingresses
 * is left to the translation, which replays the part's steps oldest Ingress first: the backend resolutions (a cluster
 * takes the upstream annotations of its oldest Ingress), the claims of hosts and paths (the oldest wins), the default
 * backend; TLS, canaries, aliases and redirects it reads from the Ingress itself.
 *
 * @param stamp           the Ingress's version ({@link ObjectStamps#of})
 * @param annotations     its annotations read with the global ConfigMap's defaults
 * @param warnings        what reading it reported, except what the replayed steps report
 * @param annotationCalls the backends its annotations resolve ({@code default-backend}), in order
 * @param routes          whether it routes: served and not a canary (the rest below is empty otherwise)
 * @param redirect        its HTTPS redirect, or null when it does not route
 * @param defaultBackend  {@code spec.defaultBackend}'s resolution, or null
 * @param defaultClaim    the default route it asks for, or null
 * @param steps           its rules' claims, in order
 * @param regexMarks      for each rule host with paths, which Ingress made its paths regular expressions ({@link RegexHosts}):
 *                        the other Ingresses' part in it
 * @param dependencies    the Services, Secrets and ConfigMaps it named, as they were
 */
record IngressPart(Object stamp, IngressAnnotations annotations, List<Warning> warnings, List<BackendCall> annotationCalls,
                   boolean routes, SslRedirect redirect, BackendCall defaultBackend, Claim defaultClaim, List<Step> steps,
                   List<RegexMark> regexMarks, List<Dependency> dependencies) {

    /** A rule host of the Ingress and the Ingress that made its paths regular expressions when it was read (null: none). */
    record RegexMark(HostPattern host, ObjectRef marker) {
    }

    /** A Service, Secret or ConfigMap the Ingress named, and its stamp then (null: missing). */
    record Dependency(String kind, String namespace, String name, Object stamp) {
    }

    /** One resolution of a backend, replayed in order for what it does to the clusters and what it reports. */
    record BackendCall(String field, String namespace, IngressBackend backend, IngressServiceBackend service,
                       UpstreamAnnotations upstream) {

        /** A backend of the Ingress's spec, shaped by its upstream annotations. */
        static BackendCall of(String field, String namespace, IngressBackend backend, UpstreamAnnotations upstream) {
            return new BackendCall(field, namespace, backend, null, upstream);
        }

        /** A Service an annotation names. */
        static BackendCall named(String field, String namespace, IngressServiceBackend service) {
            return new BackendCall(field, namespace, null, service, UpstreamAnnotations.NONE);
        }

        ClusterName replay(ObjectRef owner, BackendResolver backends) {
            return service != null ? backends.resolve(owner, field, namespace, service)
                    : backends.resolve(owner, field, namespace, backend, upstream);
        }
    }

    /** A claim of a rule, made in the translation's order. */
    sealed interface Step {
        /** The rule host the step claims on. */
        HostPattern host();

        /** The same step with its route answering every request 503: access control it needs is missing. */
        Step refusingEveryRequest();

        void claim(ObjectRef owner, Map<HostPattern, Map<PathMatch, Claim>> hosts, BackendResolver backends, List<Warning> warnings);
    }

    /** {@code app-root}'s redirect of {@code /}, unless the host's {@code /} is taken already. */
    record AppRoot(HostPattern host, Claim claim) implements Step {
        @Override
        public Step refusingEveryRequest() {
            // a redirect, as ingress-nginx's app-root, which its access checks do not cover either
            return this;
        }

        @Override
        public void claim(ObjectRef owner, Map<HostPattern, Map<PathMatch, Claim>> hosts, BackendResolver backends,
                          List<Warning> warnings) {
            hosts.computeIfAbsent(host, p -> new LinkedHashMap<>()).putIfAbsent(claim.route().path(), claim);
        }
    }

    /**
     * A path of a rule: its backend resolved, then its host and path claimed unless taken already (reported).
     *
     * @param claim null when the backend names no cluster (the resolution reports why)
     */
    record PathRoute(HostPattern host, PathMatch match, String field, BackendCall call, Claim claim) implements Step {
        @Override
        public Step refusingEveryRequest() {
            return new PathRoute(host, match, field, call, claim == null ? null : claim.refusingEveryRequest());
        }

        @Override
        public void claim(ObjectRef owner, Map<HostPattern, Map<PathMatch, Claim>> hosts, BackendResolver backends,
                          List<Warning> warnings) {
            call.replay(owner, backends);
            if (claim == null) {
                return;
            }
            Map<PathMatch, Claim> routes = hosts.computeIfAbsent(host, p -> new LinkedHashMap<>());
            Claim existing = routes.get(match);
            if (existing != null) {
                String holder = existing.owner().equals(owner) ? "an earlier rule of the same Ingress" : existing.owner() + ", which is older";
                warnings.add(new Warning(owner, Warning.RULE_CONFLICT, owner + ": " + field + ": host \"" + host
                        + "\" path " + match + " is already routed by " + holder
                        + " (expected each host, path and pathType in one rule only; the oldest wins)"));
                return;
            }
            routes.put(match, claim);
        }
    }
}
