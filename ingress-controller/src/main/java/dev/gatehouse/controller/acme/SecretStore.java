package dev.gatehouse.controller.acme;

import io.fabric8.kubernetes.api.model.Secret;

/** Where the ACME controller keeps its Secrets. Calls block; they run on the controller's own thread. */
public interface SecretStore {

    /** The Secret, or null when there is none. */
    Secret get(String namespace, String name);

    /** Creates the Secret, or replaces the one of that name (whose ownership the caller has checked). */
    void put(Secret secret);
}
