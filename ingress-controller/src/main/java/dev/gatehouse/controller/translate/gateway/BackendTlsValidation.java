package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.routing.UpstreamTls;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicyValidation;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SubjectAltName;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one BackendTLSPolicy's {@code validation} asks, as the upstream TLS of the Service ports it targets: the CAs
 * of its {@code caCertificateRefs} (ConfigMaps of its namespace with {@code ca.crt}) or the runtime's own CAs
 * ({@code wellKnownCACertificates: System}), {@code hostname} sent by SNI and checked in the certificate, unless
 * {@code subjectAltNames} name what the certificate must carry instead. A reference that cannot be used makes
 * ResolvedRefs False ({@code InvalidKind}, {@code InvalidCACertificateRef}); with no usable CA left the policy is not
 * accepted ({@code NoValidCACertificate}) and its backends are not used, so that requests fail rather than reach an
 * unverified backend.
 */
final class BackendTlsValidation {

    static final String SYSTEM = "System";

    /**
     * @param tls        the upstream TLS, or null when the policy is not accepted
     * @param accepted   why it is not accepted (reason, message), or null
     * @param unresolved the first reference that could not be used (reason, message), or null
     */
    record Read(UpstreamTls tls, String[] accepted, String[] unresolved) {
    }

    private BackendTlsValidation() {
    }

    static Read read(BackendTLSPolicy policy, Map<String, ConfigMap> configMaps) {
        BackendTLSPolicyValidation validation = policy.getSpec() == null ? null : policy.getSpec().getValidation();
        if (validation == null || validation.getHostname() == null || validation.getHostname().isEmpty()) {
            return invalid("spec.validation.hostname is missing (expected the name to send by SNI)");
        }
        List<UpstreamTls.SubjectName> names = new ArrayList<>();
        for (SubjectAltName name : validation.getSubjectAltNames() == null ? List.<SubjectAltName>of() : validation.getSubjectAltNames()) {
            boolean uri = "URI".equals(name.getType());
            String value = uri ? name.getUri() : "Hostname".equals(name.getType()) ? name.getHostname() : null;
            if (value == null || value.isEmpty()) {
                return invalid("spec.validation.subjectAltNames: type " + name.getType() + " needs its "
                        + (uri ? "uri" : "hostname") + " (expected type Hostname or URI with its value)");
            }
            names.add(new UpstreamTls.SubjectName(uri, value));
        }
        List<LocalObjectReference> refs = validation.getCaCertificateRefs() == null ? List.of() : validation.getCaCertificateRefs();
        String wellKnown = validation.getWellKnownCACertificates();
        if (wellKnown != null && !wellKnown.isEmpty()) {
            if (!refs.isEmpty()) {
                return invalid("spec.validation sets both caCertificateRefs and wellKnownCACertificates (expected one)");
            }
            if (!SYSTEM.equals(wellKnown)) {
                return invalid("spec.validation.wellKnownCACertificates: \"" + wellKnown + "\" is not served (expected System)");
            }
            return new Read(new UpstreamTls(true, List.of(), validation.getHostname(), names), null, null);
        }
        if (refs.isEmpty()) {
            return invalid("spec.validation needs caCertificateRefs or wellKnownCACertificates: System");
        }
        String namespace = Metadata.namespace(policy);
        List<X509Certificate> trusted = new ArrayList<>();
        String[] unresolved = null;
        for (int i = 0; i < refs.size(); i++) {
            LocalObjectReference ref = refs.get(i);
            String field = "spec.validation.caCertificateRefs[" + i + "]";
            String[] problem = null;
            if (!(ref.getGroup() == null || ref.getGroup().isEmpty()) || !"ConfigMap".equals(ref.getKind())) {
                problem = new String[] {"InvalidKind", field + ": " + ref.getGroup() + "/" + ref.getKind() + " is not a ConfigMap"};
            } else {
                ConfigMap map = configMaps.get(namespace + "/" + ref.getName());
                String pem = map == null || map.getData() == null ? null : map.getData().get("ca.crt");
                if (pem == null) {
                    problem = new String[] {"InvalidCACertificateRef", field + ": ConfigMap " + namespace + "/" + ref.getName()
                            + (map == null ? " is not found" : " has no ca.crt") + " (expected a ConfigMap of the policy's namespace with ca.crt)"};
                } else {
                    try {
                        trusted.addAll(PemCertificates.certificates(pem));
                    } catch (CertificateProblem e) {
                        problem = new String[] {"InvalidCACertificateRef", field + ": ConfigMap " + namespace + "/" + ref.getName()
                                + ": " + e.getMessage().replace("tls.crt", "ca.crt")};
                    }
                }
            }
            unresolved = unresolved == null ? problem : unresolved;
        }
        if (trusted.isEmpty()) {
            return new Read(null, new String[] {"NoValidCACertificate", "no CA certificate reference is usable: " + unresolved[1]},
                    unresolved);
        }
        return new Read(new UpstreamTls(true, trusted, validation.getHostname(), names), null, unresolved);
    }

    private static Read invalid(String message) {
        return new Read(null, new String[] {"Invalid", message}, null);
    }
}
