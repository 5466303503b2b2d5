package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ClusterName;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;

/** The Services an annotation may name ({@code default-backend}), and their clusters; the translator's backends implement it. */
public interface Backends {

    /** The Service, or null. */
    Service service(String namespace, String name);

    /** The cluster of {@code backend} in {@code namespace}, or null when it cannot be served (reported on {@code owner}). */
    ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend);
}
