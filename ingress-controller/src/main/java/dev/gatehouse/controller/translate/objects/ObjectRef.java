package dev.gatehouse.controller.translate.objects;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Names a Kubernetes object in messages and events.
 *
 * @param kind      the object's kind, e.g. {@code Ingress}
 * @param namespace its namespace ({@code default} when the manifest left it out)
 * @param name      its name
 */
public record ObjectRef(String kind, String namespace, String name) implements Comparable<ObjectRef> {

    public static ObjectRef of(HasMetadata object) {
        return new ObjectRef(object.getKind(), Metadata.namespace(object), object.getMetadata().getName());
    }

    @Override
    public int compareTo(ObjectRef other) {
        int byKind = kind.compareTo(other.kind);
        if (byKind != 0) {
            return byKind;
        }
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    /** {@code ingress default/web}, the way messages name an object. */
    @Override
    public String toString() {
        return kind.toLowerCase(java.util.Locale.ROOT) + " " + namespace + "/" + name;
    }
}
