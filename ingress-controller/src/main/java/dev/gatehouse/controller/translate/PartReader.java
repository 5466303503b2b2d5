package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.AnnotationContext;
import dev.gatehouse.controller.translate.annotations.CanaryAnnotations;
import dev.gatehouse.controller.translate.annotations.IngressAnnotations;
import dev.gatehouse.controller.translate.annotations.SslRedirect;
import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathType;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Ingress into its {@link IngressPart}: its annotations, and for an Ingress that routes its HTTPS redirect, its
 * default backend and the claims of its rules, each path matched ({@link IngressPaths}) and its route built. Nothing here
 * looks at another Ingress except through {@link RegexHosts}, whose answers the part keeps to be checked.
 */
final class PartReader {

    private final AnnotationContext context;
    private final BackendResolver backends;
    private final RegexHosts regexHosts;
    private final SslRedirect sslDefaults;

    /** @param sslDefaults the global ConfigMap's {@code ssl-redirect} and {@code force-ssl-redirect} */
    PartReader(AnnotationContext context, BackendResolver backends, RegexHosts regexHosts, SslRedirect sslDefaults) {
        this.context = context;
        this.backends = backends;
        this.regexHosts = regexHosts;
        this.sslDefaults = sslDefaults;
    }

    IngressPart read(Ingress ingress, ObjectRef owner, Object stamp) {
        List<Warning> warnings = new ArrayList<>();
        PartRecorder recorder = new PartRecorder(backends);
        IngressAnnotations annotations = IngressAnnotations.of(ingress, owner, context.reading(recorder, warnings, recorder), warnings);
        List<IngressPart.BackendCall> annotationCalls = recorder.calls();
        IngressSpec spec = ingress.getSpec();
        boolean routes = annotations.served() && annotations.canary().role() == CanaryAnnotations.Role.MAIN;
        if (!routes) {
            return new IngressPart(stamp, annotations, warnings, annotationCalls, false, null, null, null, List.of(), List.of(),
                    recorder.dependencies());
        }
        SslRedirect redirect = SslRedirect.of(ingress, owner, sslDefaults, warnings);
        String namespace = Metadata.namespace(ingress);
        IngressPart.BackendCall defaultBackend = null;
        Claim defaultClaim = null;
        List<IngressPart.Step> steps = new ArrayList<>();
        List<IngressPart.RegexMark> regexMarks = new ArrayList<>();
        if (spec != null && spec.getDefaultBackend() != null) {
            defaultBackend = IngressPart.BackendCall.of("spec.defaultBackend", namespace, spec.getDefaultBackend(), annotations.upstream());
            ClusterName cluster = recorder.nameOf(namespace, spec.getDefaultBackend());
            if (cluster != null) {
                defaultClaim = new Claim(owner, new Route(owner.namespace() + "/" + owner.name() + " defaultBackend",
                        PathMatch.prefix("/"), annotations.forward(cluster)));
            }
        }
        List<IngressRule> rules = spec == null || spec.getRules() == null ? List.of() : spec.getRules();
        for (int i = 0; i < rules.size(); i++) {
            addRule(owner, namespace, i, rules.get(i), annotations, recorder, steps, regexMarks, warnings);
        }
        return new IngressPart(stamp, annotations, warnings, annotationCalls, true, redirect, defaultBackend, defaultClaim,
                steps, regexMarks, recorder.dependencies());
    }

    private static boolean hasPaths(IngressRule rule) {
        return rule.getHttp() != null && rule.getHttp().getPaths() != null;
    }

    private void addRule(ObjectRef owner, String namespace, int index, IngressRule rule, IngressAnnotations annotations,
                         PartRecorder recorder, List<IngressPart.Step> steps, List<IngressPart.RegexMark> regexMarks,
                         List<Warning> warnings) {
        String field = "spec.rules[" + index + "]";
        String host = rule.getHost();
        HostPattern pattern = HostPattern.any();
        if (host != null && !host.isEmpty()) {
            String problem = HostNames.problem(host);
            if (problem != null) {
                warnings.add(new Warning(owner, Warning.INVALID_HOST, owner + ": " + field + ".host: host \"" + host + "\" " + problem));
                return;
            }
            pattern = HostPattern.of(host);
        }
        if (!hasPaths(rule)) {
            return;
        }
        if (annotations.appRoot() != null) {
            steps.add(new IngressPart.AppRoot(pattern, new Claim(owner, new Route(owner.namespace() + "/" + owner.name() + " app-root",
                    PathMatch.exact("/"), new RouteAction.Redirect(302, annotations.appRoot())))));
        }
        String regex = regexHosts.reason(host);
        regexMarks.add(new IngressPart.RegexMark(pattern, regexHosts.marker(pattern)));
        List<HTTPIngressPath> paths = rule.getHttp().getPaths();
        for (int j = 0; j < paths.size(); j++) {
            String pathField = field + ".http.paths[" + j + "]";
            HTTPIngressPath path = paths.get(j);
            IngressPaths.Result match = IngressPaths.match(path, regex, annotations.paths());
            if (match.problem() != null) {
                warnings.add(new Warning(owner, Warning.INVALID_PATH, owner + ": " + pathField + ": " + match.problem()));
                continue;
            }
            ClusterName cluster = recorder.nameOf(namespace, path.getBackend());
            Claim claim = cluster == null ? null : new Claim(owner, new Route(owner.namespace() + "/" + owner.name() + " " + match.match(),
                    match.match(), match.rewritten(located(annotations.forward(cluster), match.match(), path.getPath()))));
            steps.add(new IngressPart.PathRoute(pattern, match.match(), pathField,
                    IngressPart.BackendCall.of(pathField + ".backend", namespace, path.getBackend(), annotations.upstream()), claim));
        }
    }

    /**
     * The forward with the rule's path as the Path of an affinity cookie that names none, as ingress-nginx's location path;
     * a regular expression (or a path a cookie cannot carry) is no cookie path, so such a rule's cookie stays on {@code /}.
     */
    private static RouteAction located(RouteAction action, PathMatch match, String path) {
        if (!(action instanceof RouteAction.Forward forward) || match.type() == PathType.REGEX || path == null
                || !path.startsWith("/") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == ';')) {
            return action;
        }
        return forward.withPolicy(forward.policy().withCookiePath(path));
    }
}
