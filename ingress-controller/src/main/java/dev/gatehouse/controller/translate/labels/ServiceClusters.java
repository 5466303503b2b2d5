package dev.gatehouse.controller.translate.labels;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ClusterName;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;

/** How a Service port named by a label or a ConfigMap becomes a cluster; the translator's backends implement it. */
@FunctionalInterface
public interface ServiceClusters {

    /** The cluster of {@code backend} in {@code namespace}, or null when it cannot be served (reported on {@code owner}). */
    ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend);
}
