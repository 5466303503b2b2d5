package dev.gatehouse.controller.translate;

import com.github.benmanes.caffeine.cache.Cache;
import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.SecretData;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code spec.tls} entries of our Ingresses into TLS bindings, host by host. Each
 * {@code secretName} must name a TLS Secret in the Ingress's namespace whose certificate and key pass
 * every check of {@link PemCertificates} and are valid now; what is wrong becomes a warning (and, in a
 * cluster, an Event on the Ingress), and those hosts get the default certificate. A host already bound
 * by an older Ingress keeps that binding. An entry without a secret, or without hosts, binds nothing.
 */
final class TlsSecrets {

    static final String TLS_TYPE = "kubernetes.io/tls";

    private final Map<String, Secret> secrets = new HashMap<>();
    private final Map<HostPattern, ObjectRef> boundBy = new HashMap<>();
    private final List<TlsBinding> bindings = new ArrayList<>();
    private final java.util.Set<HostPattern> declared = new java.util.HashSet<>();
    private final Cache<String, Object> parsed;
    private final Instant now;

    /**
     * @param parsed what earlier translations read, by the Secret's text: a certificate or a problem
     * @param now    the time certificates must be valid at
     */
    TlsSecrets(ClusterView view, Cache<String, Object> parsed, Instant now) {
        this.parsed = parsed;
        this.now = now;
        for (Secret secret : view.secrets()) {
            secrets.put(Metadata.namespace(secret) + "/" + secret.getMetadata().getName(), secret);
        }
    }

    /**
     * @param acme       whether the Ingress has its certificates ordered by ACME: then a missing Secret is not
     *                   yet issued rather than wrong, and its hosts get the default certificate meanwhile
     * @param clientAuth what the Ingress's hosts ask of client certificates ({@code auth-tls-*}), or null
     */
    void check(ObjectRef owner, String namespace, List<IngressTLS> entries, boolean acme, ClientAuth clientAuth, List<Warning> warnings) {
        for (int i = 0; i < entries.size(); i++) {
            declare(entries.get(i).getHosts());
            String name = entries.get(i).getSecretName();
            if (name == null || name.isEmpty()) {
                continue;
            }
            String field = owner + ": spec.tls[" + i + "].secretName: ";
            Secret secret = secrets.get(namespace + "/" + name);
            if (secret == null) {
                if (acme) {
                    continue;
                }
                warnings.add(new Warning(owner, Warning.TLS_SECRET_NOT_FOUND, field + "secret \"" + name + "\" not found in namespace "
                        + namespace + " (expected a Secret of type " + TLS_TYPE + ")"));
                continue;
            }
            if (!TLS_TYPE.equals(secret.getType())) {
                warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, field + "secret " + namespace + "/" + name
                        + " has type \"" + secret.getType() + "\" (expected " + TLS_TYPE + ")"));
                continue;
            }
            try {
                TlsCertificate certificate = certificate(SecretData.text(secret, "tls.crt"), SecretData.text(secret, "tls.key"));
                PemCertificates.checkValidity(certificate, now);
                bind(owner, i, entries.get(i).getHosts(), namespace + "/" + name, certificate, clientAuth, warnings);
            } catch (CertificateProblem problem) {
                warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, field + "secret " + namespace + "/" + name + ": "
                        + problem.getMessage()));
            }
        }
    }

    /**
     * Binds the certificate of a label's TLS Secret ({@code HAPROXY_{n}_SSL_CERT}) to the port's hosts, after
     * the Ingresses': a host an Ingress already binds keeps the Ingress's certificate.
     *
     * @param key       the key the Secret was named by, for messages
     * @param namespace the Service's namespace, where the Secret must be; null for a Marathon app, whose
     *                  value must then be {@code namespace/name}
     * @param hosts     the port's hosts, already checked
     */
    void checkNamed(ObjectRef owner, String key, String namespace, String value, List<String> hosts, List<Warning> warnings) {
        String field = owner + ": " + key + ": ";
        int slash = value.indexOf('/');
        String secretNamespace = slash < 0 ? namespace : value.substring(0, slash);
        String name = value.substring(slash + 1);
        if (secretNamespace == null || name.isEmpty() || (namespace != null && !namespace.equals(secretNamespace))) {
            warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, field + "\"" + value + "\" does not name a Secret Gatehouse may use "
                    + "(expected " + (namespace == null ? "NAMESPACE/NAME of a TLS Secret" : "the name of a TLS Secret in namespace "
                    + namespace) + "); the hosts get the default certificate"));
            return;
        }
        String ref = secretNamespace + "/" + name;
        Secret secret = secrets.get(ref);
        if (secret == null || !TLS_TYPE.equals(secret.getType())) {
            warnings.add(new Warning(owner, secret == null ? Warning.TLS_SECRET_NOT_FOUND : Warning.INVALID_TLS_SECRET, field
                    + "secret " + ref + (secret == null ? " not found" : " has type \"" + secret.getType() + "\"")
                    + " (expected a Secret of type " + TLS_TYPE + "); the hosts get the default certificate"));
            return;
        }
        TlsCertificate certificate;
        try {
            certificate = certificate(SecretData.text(secret, "tls.crt"), SecretData.text(secret, "tls.key"));
            PemCertificates.checkValidity(certificate, now);
        } catch (CertificateProblem problem) {
            warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, field + "secret " + ref + ": " + problem.getMessage()));
            return;
        }
        for (String host : hosts) {
            HostPattern pattern = HostPattern.of(host);
            ObjectRef older = boundBy.putIfAbsent(pattern, owner);
            if (older == null) {
                bindings.add(new TlsBinding(pattern, ref, certificate));
            } else if (!older.equals(owner)) {
                warnings.add(new Warning(owner, Warning.RULE_CONFLICT, field + "host \"" + host + "\" already has a certificate from "
                        + older + " (expected one TLS Secret per host; Ingresses first, then the oldest)"));
            }
        }
    }

    /**
     * Whether a {@code spec.tls} entry of ours names the host, or a wildcard covering it, whatever became of
     * its Secret: such hosts redirect to HTTPS, as with ingress-nginx, and get HSTS.
     */
    boolean declares(HostPattern host) {
        if (declared.isEmpty()) {
            return false;
        }
        if (declared.contains(host)) {
            return true;
        }
        int dot = host.value().indexOf('.');
        return host.kind() == HostPattern.Kind.EXACT && dot > 0 && declared.contains(HostPattern.of("*" + host.value().substring(dot)));
    }

    private void declare(List<String> hosts) {
        if (hosts == null) {
            return;
        }
        for (String host : hosts) {
            if (host != null && !host.isEmpty() && HostNames.problem(host) == null) {
                declared.add(HostPattern.of(host));
            }
        }
    }

    /**
     * The certificate of the Secret named by {@code --default-certificate}, or null (with a warning when the
     * Secret is missing or unusable: the listener's own default serves meanwhile).
     */
    TlsCertificate defaultCertificate(String secretRef, List<Warning> warnings) {
        if (secretRef == null) {
            return null;
        }
        String[] parts = secretRef.split("/", 2);
        ObjectRef ref = new ObjectRef("Secret", parts[0], parts[1]);
        String field = "--default-certificate " + secretRef + ": ";
        Secret secret = secrets.get(secretRef);
        if (secret == null) {
            warnings.add(new Warning(ref, Warning.TLS_SECRET_NOT_FOUND, field + "secret not found (expected a Secret of type "
                    + TLS_TYPE + " in a watched namespace; the generated default certificate is served)"));
            return null;
        }
        try {
            TlsCertificate certificate = certificate(SecretData.text(secret, "tls.crt"), SecretData.text(secret, "tls.key"));
            PemCertificates.checkValidity(certificate, now);
            return certificate;
        } catch (CertificateProblem problem) {
            warnings.add(new Warning(ref, Warning.INVALID_TLS_SECRET, field + problem.getMessage()
                    + "; the generated default certificate is served"));
            return null;
        }
    }

    /** The entries of the Secret {@code namespace/name} (decoded), or an empty map when there is none. */
    Map<String, String> entries(String secretRef) {
        Secret secret = secretRef == null ? null : secrets.get(secretRef);
        if (secret == null) {
            return Map.of();
        }
        Map<String, String> entries = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().keySet().forEach(key -> entries.put(key, SecretData.text(secret, key)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach(entries::putIfAbsent);
        }
        return entries;
    }

    /** The bindings made so far, oldest Ingress first. */
    List<TlsBinding> bindings() {
        return List.copyOf(bindings);
    }

    /** Why the TLS Secret {@code namespace/name} cannot be served, or null when it can (or is not there: that is said apart). */
    String problem(String namespace, String name) {
        Secret secret = secrets.get(namespace + "/" + name);
        if (secret == null) {
            return null;
        }
        try {
            PemCertificates.checkValidity(certificate(SecretData.text(secret, "tls.crt"), SecretData.text(secret, "tls.key")), now);
            return null;
        } catch (CertificateProblem problem) {
            return problem.getMessage();
        }
    }

    private TlsCertificate certificate(String chain, String key) throws CertificateProblem {
        Object result = parsed.get(chain + "\u0000" + key, text -> {
            try {
                return PemCertificates.read(chain, key);
            } catch (CertificateProblem problem) {
                return problem;
            }
        });
        if (result instanceof CertificateProblem problem) {
            throw problem;
        }
        return (TlsCertificate) result;
    }

    private void bind(ObjectRef owner, int index, List<String> hosts, String secret, TlsCertificate certificate,
                      ClientAuth clientAuth, List<Warning> warnings) {
        if (hosts == null) {
            return;
        }
        for (int j = 0; j < hosts.size(); j++) {
            String host = hosts.get(j);
            String field = owner + ": spec.tls[" + index + "].hosts[" + j + "]: host \"" + host + "\" ";
            String problem = host == null || host.isEmpty() ? "is empty (expected a DNS name)" : HostNames.problem(host);
            if (problem != null) {
                warnings.add(new Warning(owner, Warning.INVALID_HOST, field + problem));
                continue;
            }
            HostPattern pattern = HostPattern.of(host);
            ObjectRef older = boundBy.putIfAbsent(pattern, owner);
            if (older != null) {
                if (!older.equals(owner)) {
                    warnings.add(new Warning(owner, Warning.RULE_CONFLICT, field + "already has a certificate from " + older
                            + ", which is older (expected one TLS Secret per host; the oldest wins)"));
                }
                continue;
            }
            bindings.add(new TlsBinding(pattern, secret, certificate, clientAuth));
        }
    }

    /**
     * The binding the proxy picks for requests to {@code host}, as {@code RoutingSnapshot.bindingFor} does (the exact
     * host's, else the wildcard's that covers it), among the bindings made so far; null when there is none.
     */
    TlsBinding bindingFor(HostPattern host) {
        TlsBinding wildcard = null;
        int dot = host.value().indexOf('.');
        HostPattern covering = host.kind() == HostPattern.Kind.EXACT && dot > 0 ? HostPattern.of("*" + host.value().substring(dot)) : null;
        for (TlsBinding binding : bindings) {
            if (binding.host().equals(host)) {
                return binding;
            }
            if (binding.host().equals(covering)) {
                wildcard = binding;
            }
        }
        return wildcard;
    }
}
