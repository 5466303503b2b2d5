package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.TlsBinding;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a rule of an Ingress that asks for client certificates ({@code auth-tls-*}) from being served without them: the
 * listener asks for a client certificate by the TLS binding of the request's host, so a rule whose host has no binding
 * of this Ingress's (no {@code spec.tls} entry for it, a Secret that cannot be used, an older Ingress's certificate for
 * the host, or no host at all) answers every request 503, with a warning, rather than serve it open. It runs on every
 * translation, after the Ingress's TLS entries, since which Ingress binds a host depends on the older ones.
 */
final class ClientCertificateHosts {

    private ClientCertificateHosts() {
    }

    /** The rule hosts of the Ingress whose routes must answer 503 (each reported); empty without client certificates. */
    static Set<HostPattern> refused(ObjectRef owner, List<IngressRule> rules, ClientAuth clientAuth, TlsSecrets tls,
                                    List<Warning> warnings) {
        if (clientAuth == null) {
            return Set.of();
        }
        Set<HostPattern> refused = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String host = rules.get(i).getHost();
            if (host != null && !host.isEmpty() && HostNames.problem(host) != null) {
                // the rule is refused for its host, and reported, when the Ingress is read
                continue;
            }
            HostPattern pattern = host == null || host.isEmpty() ? HostPattern.any() : HostPattern.of(host);
            TlsBinding binding = host == null || host.isEmpty() ? null : tls.bindingFor(pattern);
            if (binding != null && clientAuth.equals(binding.clientAuth())) {
                continue;
            }
            String why = binding == null ? "has no certificate of this Ingress's spec.tls to ask for client certificates with"
                    : "has its certificate from " + binding.secret() + ", bound by an older Ingress with other client certificate settings";
            warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, owner + ": spec.rules[" + i + "].host: host \""
                    + (host == null ? "" : host) + "\" " + why + " (expected a spec.tls entry with a usable Secret for each host of an "
                    + "Ingress with auth-tls-secret); every request of the rule is answered 503"));
            refused.add(pattern);
        }
        return refused;
    }
}
