package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
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

    /** Told of each Secret and ConfigMap a reader looks up, found (the object) or not (null): what an Ingress depends on. */
    public interface Lookups {
        Lookups NONE = (kind, reference, found) -> { };

        /** @param reference {@code namespace/name} */
        void looked(String kind, String reference, HasMetadata found);
    }

    private final Map<String, Secret> secrets;
    private final Map<String, ConfigMap> configMaps;
    private final Backends backends;
    private final GlobalConfig global;
    private final List<Warning> warnings;
    private final Lookups lookups;

    public AnnotationContext(ClusterView view, Backends backends, GlobalConfig global, List<Warning> warnings) {
        this(new HashMap<>(), new HashMap<>(), backends, global, warnings, Lookups.NONE);
        view.secrets().forEach(secret -> secrets.put(Metadata.namespace(secret) + "/" + secret.getMetadata().getName(), secret));
        view.configMaps().forEach(map -> configMaps.put(Metadata.namespace(map) + "/" + map.getMetadata().getName(), map));
    }

    private AnnotationContext(Map<String, Secret> secrets, Map<String, ConfigMap> configMaps, Backends backends, GlobalConfig global,
                              List<Warning> warnings, Lookups lookups) {
        this.secrets = secrets;
        this.configMaps = configMaps;
        this.backends = backends;
        this.global = global;
        this.warnings = warnings;
        this.lookups = lookups;
    }

    /**
     * The same objects and defaults for reading one Ingress on its own: its warnings go to {@code warnings}, the Services
     * its annotations name to {@code backends}, and every Secret and ConfigMap looked up is told to {@code lookups}.
     */
    public AnnotationContext reading(Backends backends, List<Warning> warnings, Lookups lookups) {
        return new AnnotationContext(secrets, configMaps, backends, global, warnings, lookups);
    }

    /** The Secret {@code namespace/name}, or null. */
    Secret secret(String namespace, String name) {
        String reference = namespace + "/" + name;
        Secret found = secrets.get(reference);
        lookups.looked("Secret", reference, found);
        return found;
    }

    /** The ConfigMap {@code namespace/name}, or null. */
    ConfigMap configMap(String namespace, String name) {
        String reference = namespace + "/" + name;
        ConfigMap found = configMaps.get(reference);
        lookups.looked("ConfigMap", reference, found);
        return found;
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
