package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.TlsPassthrough;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS passthrough of Ingresses annotated {@code ssl-passthrough: "true"}, as ingress-nginx serves it: on the HTTPS
 * port, a ClientHello naming one of the Ingress's rule hosts is relayed undecrypted to the backend of that host's
 * {@code /} path, which terminates TLS itself. Other paths have no part in it (TLS hides them), the Ingress's TLS
 * Secrets are not presented to those names, and plain HTTP on the host is served by the rules as before. ingress-nginx
 * compares the server name with the host exactly, so a wildcard or host-less rule is never passed through; a host
 * whose {@code /} another, older Ingress holds is not either. Each is reported on the Ingress.
 */
final class PassthroughIngresses {

    private final int httpsPort;
    private final Map<HostPattern, ObjectRef> owners = new HashMap<>();
    private final List<TlsPassthrough> rules = new ArrayList<>();

    /** @param httpsPort the proxy's HTTPS port, where the hosts are passed through */
    PassthroughIngresses(int httpsPort) {
        this.httpsPort = httpsPort;
    }

    /** Adds the hosts of {@code ingress}, once its rules claimed their paths in {@code hosts}. Oldest Ingress first. */
    void add(Ingress ingress, ObjectRef owner, Map<HostPattern, Map<PathMatch, Claim>> hosts, List<Warning> warnings) {
        List<IngressRule> rules = ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
        if (ingress.getSpec().getTls() != null && !ingress.getSpec().getTls().isEmpty()) {
            warnings.add(warning(owner, "spec.tls is not presented to the hosts passed through: their upstream terminates TLS with "
                    + "its own certificate (the Secrets serve only names that are not passed through)"));
        }
        for (int i = 0; i < rules.size(); i++) {
            IngressRule rule = rules.get(i);
            String where = "spec.rules[" + i + "]";
            HostPattern host = HostPattern.of(rule.getHost());
            if (host.kind() != HostPattern.Kind.EXACT) {
                warnings.add(warning(owner, where + ".host \"" + host + "\" is not passed through (expected an exact host: a "
                        + "ClientHello names one host, which ingress-nginx compares exactly)"));
                continue;
            }
            List<HTTPIngressPath> paths = rule.getHttp() == null || rule.getHttp().getPaths() == null ? List.of()
                    : rule.getHttp().getPaths();
            if (paths.stream().anyMatch(path -> !"/".equals(path.getPath()))) {
                warnings.add(warning(owner, where + ": only the backend of path / is passed through for " + host
                        + "; the other paths serve plain HTTP alone (TLS hides paths from the proxy)"));
            }
            Claim root = hosts.getOrDefault(host, Map.of()).entrySet().stream()
                    .filter(claim -> claim.getKey().value().equals("/")).map(Map.Entry::getValue)
                    .filter(claim -> claim.owner().equals(owner)).findFirst().orElse(null);
            if (root == null || !(root.route().action() instanceof RouteAction.Forward forward)) {
                warnings.add(warning(owner, where + ": " + host + " is not passed through: it has no path / of this Ingress to a "
                        + "Service (expected path / with the backend that terminates TLS)"));
                continue;
            }
            ObjectRef first = owners.putIfAbsent(host, owner);
            if (first != null && !first.equals(owner)) {
                warnings.add(warning(owner, where + ": " + host + " is passed through to " + first + "'s backend, which is older "
                        + "(expected one Ingress per passthrough host)"));
                continue;
            }
            if (first == null) {
                this.rules.add(new TlsPassthrough(host, httpsPort, forward.cluster()));
            }
        }
    }

    /**
     * The Ingresses' rules, then those of TLSRoutes on names the Ingresses left: on the HTTPS port an Ingress keeps its
     * host, as it keeps a host and path from HTTPRoutes, and the TLSRoute's rule is reported on the Ingress.
     */
    List<TlsPassthrough> rules(List<TlsPassthrough> gatewayRules, List<Warning> warnings) {
        List<TlsPassthrough> all = new ArrayList<>(rules);
        for (TlsPassthrough rule : gatewayRules) {
            ObjectRef ingress = rule.port() == httpsPort ? owners.get(rule.host()) : null;
            if (ingress == null) {
                all.add(rule);
            } else {
                warnings.add(new Warning(ingress, Warning.RULE_CONFLICT, ingress + ": ssl-passthrough keeps " + rule.host() + " on port "
                        + httpsPort + "; a TLSRoute's rule for it is not served (expected one route per passthrough host)"));
            }
        }
        return all;
    }

    private static Warning warning(ObjectRef owner, String message) {
        return new Warning(owner, Warning.UNSUPPORTED_ANNOTATION, owner + ": ssl-passthrough: " + message);
    }
}
