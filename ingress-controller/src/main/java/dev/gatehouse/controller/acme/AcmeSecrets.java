package dev.gatehouse.controller.acme;

import dev.gatehouse.controller.translate.AcmeRequest;
import dev.gatehouse.tls.acme.AcmeKeys;
import dev.gatehouse.tls.acme.IssuedCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Secrets the ACME controller writes, and how it recognizes them: the label
 * {@code app.kubernetes.io/managed-by: gatehouse} marks a Secret as ours to replace; a Secret without it
 * is never written. A certificate's Secret also records the hosts and the directory it was ordered for,
 * so that a change of either orders again.
 */
final class AcmeSecrets {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String GATEHOUSE = "gatehouse";
    static final String HOSTS = "gatehouse.dev/acme-hosts";
    static final String DIRECTORY = "gatehouse.dev/acme-directory";
    static final String ACCOUNT_KEY = "account.key";

    private AcmeSecrets() {
    }

    static boolean ours(Secret secret) {
        return secret.getMetadata().getLabels() != null && GATEHOUSE.equals(secret.getMetadata().getLabels().get(MANAGED_BY));
    }

    /** Whether a Secret of ours holds a certificate ordered for these hosts from this directory. */
    static boolean orderedFor(Secret secret, List<String> hosts, URI directory) {
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        return annotations != null && String.join(",", hosts).equals(annotations.get(HOSTS))
                && directory.toString().equals(annotations.get(DIRECTORY));
    }

    static Secret certificate(AcmeRequest request, IssuedCertificate issued, URI directory) {
        return new SecretBuilder()
                .withNewMetadata().withNamespace(request.namespace()).withName(request.secretName())
                .addToLabels(MANAGED_BY, GATEHOUSE)
                .addToAnnotations(HOSTS, String.join(",", request.hosts()))
                .addToAnnotations(DIRECTORY, directory.toString())
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", base64(issued.chainPem()), "tls.key", base64(issued.keyPem())))
                .build();
    }

    static Secret account(String namespace, String name, KeyPair keys) {
        return new SecretBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).addToLabels(MANAGED_BY, GATEHOUSE).endMetadata()
                .withType("Opaque")
                .withData(Map.of(ACCOUNT_KEY, base64(AcmeKeys.pem(keys))))
                .build();
    }

    /** The decoded value under {@code key}, or null. */
    static String text(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
