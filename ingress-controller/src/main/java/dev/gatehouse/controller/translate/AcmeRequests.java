package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects what our Ingresses ask of ACME. An Ingress asks with the annotation
 * {@code gatehouse.dev/tls-acme: "true"} (or {@code kubernetes.io/tls-acme}, the key kube-lego and
 * cert-manager read), or by belonging to an IngressClass annotated so; {@code "false"} on the Ingress
 * opts out of its class's setting. Each of its {@code spec.tls} entries with a secretName becomes one
 * request for the entry's hosts. Wildcard hosts cannot be proved by HTTP-01 and are left out with a
 * warning; a Secret asked for by an older Ingress with other hosts stays with the older one.
 */
final class AcmeRequests {

    static final List<String> KEYS = List.of("gatehouse.dev/tls-acme", "kubernetes.io/tls-acme");

    private final Map<String, AcmeRequest> bySecret = new TreeMap<>();

    /** Whether the Ingress asks for ACME certificates; a value other than true or false is a warning. */
    static boolean asks(Ingress ingress, IngressClass ingressClass, ObjectRef owner, List<Warning> warnings) {
        for (String key : KEYS) {
            String value = Metadata.annotation(ingress, key);
            if (value == null) {
                continue;
            }
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + key + ": \"" + value
                    + "\" is not a boolean (expected \"true\" or \"false\"; no certificate is ordered)"));
            return false;
        }
        return ingressClass != null && "true".equals(Metadata.annotation(ingressClass, KEYS.get(0)));
    }

    /** Called for the Ingresses that ask, oldest first. */
    void add(ObjectRef owner, String namespace, List<IngressTLS> entries, List<Warning> warnings) {
        for (int i = 0; i < entries.size(); i++) {
            IngressTLS entry = entries.get(i);
            if (entry.getSecretName() == null || entry.getSecretName().isEmpty() || entry.getHosts() == null) {
                continue;
            }
            List<String> hosts = new ArrayList<>();
            for (int j = 0; j < entry.getHosts().size(); j++) {
                String host = entry.getHosts().get(j);
                if (host == null || host.isEmpty() || HostNames.problem(host) != null) {
                    continue;
                }
                if (host.startsWith("*.")) {
                    warnings.add(new Warning(owner, Warning.ACME_UNSUPPORTED_HOST, owner + ": spec.tls[" + i + "].hosts[" + j
                            + "]: host \"" + host + "\" is a wildcard, which ACME proves only by DNS-01 (expected an exact host "
                            + "for HTTP-01; it gets no ordered certificate)"));
                    continue;
                }
                hosts.add(host.toLowerCase(java.util.Locale.ROOT));
            }
            if (hosts.isEmpty()) {
                continue;
            }
            AcmeRequest request = new AcmeRequest(owner, namespace, entry.getSecretName(), hosts);
            AcmeRequest older = bySecret.putIfAbsent(request.secret(), request);
            if (older != null && !older.hosts().equals(request.hosts())) {
                warnings.add(new Warning(owner, Warning.RULE_CONFLICT, owner + ": spec.tls[" + i + "].secretName: secret \""
                        + entry.getSecretName() + "\" is already ordered for " + older.hosts() + " by " + older.ingress()
                        + " (expected one host list per ACME secret; the oldest wins)"));
            }
        }
    }

    /** One request per Secret, sorted. */
    List<AcmeRequest> requests() {
        return List.copyOf(bySecret.values());
    }
}
