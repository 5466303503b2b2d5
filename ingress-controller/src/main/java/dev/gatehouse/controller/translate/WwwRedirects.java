package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.PathAnnotations;
import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.VirtualHost;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code from-to-www-redirect}, as ingress-nginx does it: for each rule host {@code HOST} of an Ingress with the
 * annotation, {@code www.HOST} is redirected to {@code HOST} (or {@code HOST} to {@code www.HOST} when the rule names
 * the www form) with 308, keeping the request's scheme, port, path and query; but only when nothing routes the other
 * host by its exact name already, so the redirect never takes a host over. Decided after every rule, alias and label
 * route is known.
 */
final class WwwRedirects {

    private static final int STATUS = 308;

    private WwwRedirects() {
    }

    /**
     * The redirecting virtual hosts.
     *
     * @param asking those of our Ingresses that set from-to-www-redirect ({@link PathAnnotations#fromToWww}), oldest first
     * @param served the Ingresses that were served
     * @param routed the hosts routes were made for
     */
    static List<VirtualHost> virtualHosts(List<Ingress> asking, List<ObjectRef> served, Set<HostPattern> routed, List<Warning> warnings) {
        List<VirtualHost> redirects = new ArrayList<>();
        Set<HostPattern> taken = new HashSet<>(routed);
        // a set, as a list's contains made this quadratic in the number of Ingresses
        Set<ObjectRef> servedSet = new HashSet<>(served);
        for (Ingress ingress : asking) {
            ObjectRef owner = ObjectRef.of(ingress);
            if (!servedSet.contains(owner) || ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
                continue;
            }
            for (IngressRule rule : ingress.getSpec().getRules()) {
                HostPattern to = rule.getHost() == null || rule.getHost().isEmpty() || HostNames.problem(rule.getHost()) != null
                        ? null : HostPattern.of(rule.getHost());
                if (to == null || !routed.contains(to)) {
                    continue;
                }
                if (to.kind() != HostPattern.Kind.EXACT) {
                    warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation from-to-www-redirect: host \""
                            + to + "\" is a wildcard, so it has no www form (expected a host name); not applied to it"));
                    continue;
                }
                String name = to.value();
                String from = name.startsWith("www.") ? name.substring(4) : "www." + name;
                if (HostNames.problem(from) != null) {
                    continue;
                }
                HostPattern fromPattern = HostPattern.of(from);
                if (!taken.add(fromPattern)) {
                    if (routed.contains(fromPattern)) {
                        warnings.add(new Warning(owner, Warning.RULE_CONFLICT, owner + ": annotation from-to-www-redirect: host \""
                                + from + "\" is not redirected to \"" + name + "\": it is routed by a rule of its own (expected a "
                                + "host nothing else routes)"));
                    }
                    continue;
                }
                redirects.add(new VirtualHost(fromPattern, List.of(new Route(owner.namespace() + "/" + owner.name()
                        + " from-to-www-redirect", PathMatch.prefix("/"), RouteAction.Redirect.toHost(STATUS, name)))));
            }
        }
        return redirects;
    }
}
