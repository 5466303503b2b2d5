package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.PathAnnotations;
import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.HostPattern;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts whose paths are regular expressions. As in ingress-nginx ("any Ingress with use-regex on a host affects all
 * paths of that host"), one Ingress with {@code use-regex} or {@code rewrite-target} on a host makes every path of that
 * host, from every Ingress and of every pathType, a case-insensitive regex matched from the start of the request path,
 * since nginx then writes all of the host's locations as {@code ~* "^PATH"}. Found in a pass over all our Ingresses
 * before any rule is translated, because the oldest Ingress of a host may be the one without the annotation.
 */
final class RegexHosts {

    private final Map<HostPattern, ObjectRef> byHost;

    private RegexHosts(Map<HostPattern, ObjectRef> byHost) {
        this.byHost = byHost;
    }

    /** @param marking those of our Ingresses that set use-regex or rewrite-target ({@link PathAnnotations#regexOnHosts}), oldest first */
    static RegexHosts of(List<Ingress> marking) {
        Map<HostPattern, ObjectRef> byHost = new HashMap<>();
        for (Ingress ingress : marking) {
            if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
                continue;
            }
            for (IngressRule rule : ingress.getSpec().getRules()) {
                String host = rule.getHost();
                if (host == null || host.isEmpty() || HostNames.problem(host) == null) {
                    byHost.putIfAbsent(HostPattern.of(host), ObjectRef.of(ingress));
                }
            }
        }
        return new RegexHosts(byHost);
    }

    /**
     * Why the paths of rule host {@code host} (as an Ingress rule writes it, null or empty for any host) are regular
     * expressions, for the warnings about them; null when they are not.
     */
    String reason(String host) {
        HostPattern pattern = HostPattern.of(host);
        ObjectRef marker = marker(pattern);
        return marker == null ? null : "every path of host \"" + pattern + "\" is one, since " + marker
                + " sets use-regex or rewrite-target on it";
    }

    /** The oldest Ingress that makes the paths of {@code host} regular expressions, or null. */
    ObjectRef marker(HostPattern host) {
        return byHost.get(host);
    }
}
