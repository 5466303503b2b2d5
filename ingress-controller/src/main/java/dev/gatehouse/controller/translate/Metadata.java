package dev.gatehouse.controller.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;

/** Reading common metadata the way the API server would have defaulted it. */
final class Metadata {

    static final String DEFAULT_NAMESPACE = "default";

    /** Oldest first by creation time, then by namespace and name; objects without a time count as newest. */
    static final Comparator<HasMetadata> BY_AGE = Comparator
            .comparing(Metadata::created)
            .thenComparing(Metadata::namespace)
            .thenComparing(o -> o.getMetadata().getName());

    private Metadata() {
    }

    static String namespace(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
    }

    static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    static Instant created(HasMetadata object) {
        String timestamp = object.getMetadata().getCreationTimestamp();
        if (timestamp == null || timestamp.isEmpty()) {
            return Instant.MAX;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
