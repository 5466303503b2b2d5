package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that each {@code spec.tls[].secretName} of an Ingress names a usable TLS Secret in its
 * namespace: present, of type {@code kubernetes.io/tls}, with PEM text under {@code tls.crt} and
 * {@code tls.key}. What is wrong becomes a warning (and, in a cluster, an Event on the Ingress).
 */
final class TlsSecrets {

    static final String TLS_TYPE = "kubernetes.io/tls";

    private final Map<String, Secret> secrets = new HashMap<>();

    TlsSecrets(ClusterView view) {
        for (Secret secret : view.secrets()) {
            secrets.put(Metadata.namespace(secret) + "/" + secret.getMetadata().getName(), secret);
        }
    }

    void check(ObjectRef owner, String namespace, List<IngressTLS> entries, List<Warning> warnings) {
        for (int i = 0; i < entries.size(); i++) {
            String name = entries.get(i).getSecretName();
            if (name == null || name.isEmpty()) {
                continue;
            }
            String field = owner + ": spec.tls[" + i + "].secretName: ";
            Secret secret = secrets.get(namespace + "/" + name);
            if (secret == null) {
                warnings.add(new Warning(owner, Warning.TLS_SECRET_NOT_FOUND, field + "secret \"" + name + "\" not found in namespace "
                        + namespace + " (expected a Secret of type " + TLS_TYPE + ")"));
                continue;
            }
            String problem = problem(secret);
            if (problem != null) {
                warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, field + "secret " + namespace + "/" + name + " " + problem));
            }
        }
    }

    private static String problem(Secret secret) {
        if (!TLS_TYPE.equals(secret.getType())) {
            return "has type \"" + secret.getType() + "\" (expected " + TLS_TYPE + ")";
        }
        for (String key : List.of("tls.crt", "tls.key")) {
            String text = text(secret, key);
            if (text == null || text.isBlank()) {
                return "has no " + key + " (expected PEM text under data[" + key + "])";
            }
            if (!text.contains("-----BEGIN ")) {
                return "has no PEM block in " + key + " (expected text starting with -----BEGIN)";
            }
        }
        return null;
    }

    /** The value under {@code key}: from data (base64, as the API server stores it) or stringData (as manifests may write it). */
    private static String text(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                return new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
}
