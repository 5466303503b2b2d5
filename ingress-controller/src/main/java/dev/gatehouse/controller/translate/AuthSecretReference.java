package dev.gatehouse.controller.translate;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;

/**
 * The Secret an Ingress's {@code auth-secret} names ({@code NAME} in the Ingress's namespace, or {@code NAMESPACE/NAME}),
 * as {@code namespace/name}: what the translator reads basic auth's users from, and what the Kubernetes source
 * watches (only those Secrets, not every Secret of the cluster).
 */
public final class AuthSecretReference {

    static final String KEY = "auth-secret";
    private static final String NAME = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";

    private AuthSecretReference() {
    }

    /** The {@code namespace/name} the Ingress's {@code auth-secret} names, or null when it names none or not a valid one. */
    public static String of(Ingress ingress) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        if (annotations == null) {
            return null;
        }
        for (String prefix : AnnotationCatalog.PREFIXES) {
            String value = annotations.get(prefix + KEY);
            if (value != null) {
                return parse(value, Metadata.namespace(ingress));
            }
        }
        return null;
    }

    /** {@code namespace/name} of {@code value}, or null when it is not {@code NAME} or {@code NAMESPACE/NAME}. */
    static String parse(String value, String namespace) {
        String[] parts = value.trim().split("/", -1);
        if (parts.length == 1 && parts[0].matches(NAME)) {
            return namespace + "/" + parts[0];
        }
        if (parts.length == 2 && parts[0].matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") && parts[1].matches(NAME)) {
            return parts[0] + "/" + parts[1];
        }
        return null;
    }
}
