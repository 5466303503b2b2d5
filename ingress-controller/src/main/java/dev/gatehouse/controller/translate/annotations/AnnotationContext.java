package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What annotation readers may look up beyond the Ingress itself: the Secrets and ConfigMaps of the view by
 * {@code namespace/name} (for {@code auth-secret}, {@code custom-headers} and the like) and the backends, to resolve
 * a Service an annotation names (such as {@code default-backend}) into a cluster of the snapshot; and the global
 * ConfigMap's defaults, which apply where an Ingress sets nothing.
 */
public final class AnnotationContext {

    private final Map<String, Secret> secrets = new HashMap<>();
    private final Map<String, ConfigMap> configMaps = new HashMap<>();
    private final Backends backends;
    private final GlobalConfig global;
    private final List<Warning> warnings;

    public AnnotationContext(ClusterView view, Backends backends, GlobalConfig global, List<Warning> warnings) {
        this.backends = backends;
        this.global = global;
        this.warnings = warnings;
        view.secrets().forEach(secret -> secrets.put(Metadata.namespace(secret) + "/" + secret.getMetadata().getName(), secret));
        view.configMaps().forEach(map -> configMaps.put(Metadata.namespace(map) + "/" + map.getMetadata().getName(), map));
    }

    /** The Secret {@code namespace/name}, or null. */
    Secret secret(String namespace, String name) {
        return secrets.get(namespace + "/" + name);
    }

    /** The ConfigMap {@code namespace/name}, or null. */
    ConfigMap configMap(String namespace, String name) {
        return configMaps.get(namespace + "/" + name);
    }

    /** The defaults of the global ConfigMap, which an annotation overrides. */
    GlobalConfig global() {
        return global;
    }

    Backends backends() {
        return backends;
    }

    List<Warning> warnings() {
        return warnings;
    }
}
