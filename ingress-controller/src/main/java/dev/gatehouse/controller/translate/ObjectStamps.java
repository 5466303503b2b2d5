package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What tells one version of an object from another, and the Secrets and ConfigMaps of a view by {@code namespace/name}.
 * An object from the API server carries a uid and a resourceVersion, and a new version of it a new resourceVersion, so
 * the pair stands for its content. An object from a manifest file may carry neither, or a resourceVersion copied from
 * elsewhere that no edit changes: it stands for itself, compared by content (its hash first, as a content that changed
 * in place since still fails that).
 */
final class ObjectStamps {

    /** An object as the API server versions it. */
    private record Version(String uid, String resourceVersion) {
    }

    /** An object without a version: its content. */
    private record Content(int hash, HasMetadata object) {
    }

    private final Map<String, HasMetadata> secrets;
    private final Map<String, HasMetadata> configMaps;
    private final BackendResolver services;
    // the stamps of this view's objects, taken once: many Ingresses name the same Service
    private final Map<HasMetadata, Object> taken = new IdentityHashMap<>();

    /** @param services the view's Services, already indexed */
    ObjectStamps(ClusterView view, BackendResolver services) {
        secrets = index(view.secrets());
        configMaps = index(view.configMaps());
        this.services = services;
    }

    /** The stamp of {@code object}: equal stamps mean the same content; null for no object. */
    static Object of(HasMetadata object) {
        if (object == null) {
            return null;
        }
        String uid = object.getMetadata().getUid();
        String resourceVersion = object.getMetadata().getResourceVersion();
        if (uid != null && !uid.isEmpty() && resourceVersion != null && !resourceVersion.isEmpty()) {
            return new Version(uid, resourceVersion);
        }
        return new Content(object.hashCode(), object);
    }

    /**
     * Whether the view's Service, Secret or ConfigMap {@code namespace/name} is still the one {@code stamp} was taken of
     * (or still missing, for a null stamp).
     */
    boolean same(String kind, String namespace, String name, Object stamp) {
        HasMetadata current = switch (kind) {
            case "Service" -> services.service(namespace, name);
            case "Secret" -> secrets.get(namespace + "/" + name);
            default -> configMaps.get(namespace + "/" + name);
        };
        return Objects.equals(stamp, current == null ? null : taken.computeIfAbsent(current, ObjectStamps::of));
    }

    private static Map<String, HasMetadata> index(List<? extends HasMetadata> objects) {
        Map<String, HasMetadata> byReference = new HashMap<>();
        objects.forEach(object -> byReference.put(Metadata.namespace(object) + "/" + object.getMetadata().getName(), object));
        return byReference;
    }
}
