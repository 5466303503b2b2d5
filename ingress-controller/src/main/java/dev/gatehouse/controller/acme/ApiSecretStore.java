package dev.gatehouse.controller.acme;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Secrets in the cluster. A replacement carries the resourceVersion just read, so that a concurrent
 * writer makes it fail (and be retried) rather than be overwritten unseen.
 */
public final class ApiSecretStore implements SecretStore {

    private final KubernetesClient client;

    public ApiSecretStore(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Secret get(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    @Override
    public void put(Secret secret) {
        String namespace = secret.getMetadata().getNamespace();
        Secret existing = get(namespace, secret.getMetadata().getName());
        if (existing == null) {
            client.secrets().inNamespace(namespace).resource(secret).create();
            return;
        }
        Secret replacement = new SecretBuilder(secret).editMetadata()
                .withResourceVersion(existing.getMetadata().getResourceVersion()).endMetadata().build();
        client.secrets().inNamespace(namespace).resource(replacement).update();
    }
}
