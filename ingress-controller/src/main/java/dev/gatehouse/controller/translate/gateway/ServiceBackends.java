package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.UpstreamTls;
import io.fabric8.kubernetes.api.model.Service;
import dev.gatehouse.routing.SessionAffinity;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;

/** How a backendRef to a Service port becomes a cluster, or a mirror's address; the translator's backends implement it. */
public interface ServiceBackends {

    /** The cluster of {@code backend} in {@code namespace}, or null when the Service or its port is not there. */
    ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend);

    /**
     * Where copies of requests to {@code cluster} (as {@link #resolve} gave it) go, as {@code host:port}, or null when it
     * has no address.
     */
    String mirrorAuthority(ClusterName cluster);

    /** The Service {@code namespace/name}, or null: for the name of a port a policy targets by {@code sectionName}. */
    default Service service(String namespace, String name) {
        return null;
    }

    /** Makes the endpoints of {@code cluster} (as {@link #resolve} gave it) spoken to with {@code tls}: a BackendTLSPolicy's. */
    default void secure(ClusterName cluster, UpstreamTls tls) {
    }

    /** Whether requests must not go to {@code cluster}: its BackendTLSPolicy could not be applied. */
    default boolean refused(ClusterName cluster) {
        return false;
    }

    /** Gives {@code cluster} (as {@link #resolve} gave it) cookie affinity, for a rule's session persistence. */
    void persist(ObjectRef owner, ClusterName cluster, SessionAffinity affinity);
}
