package dev.gatehouse.controller.translate.objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reading common metadata the way the API server would have defaulted it. */
public final class Metadata {

    static final String DEFAULT_NAMESPACE = "default";

    private record Aged<T extends HasMetadata>(T object, Instant created, String namespace, String name) {
    }

    private static final Comparator<Aged<?>> BY_AGE = Comparator
            .comparing((Aged<?> aged) -> aged.created())
            .thenComparing(Aged::namespace)
            .thenComparing(Aged::name);

    private Metadata() {
    }

    /**
     * Oldest first by creation time, then by namespace and name; objects without a time count as newest.
     * Each timestamp is parsed once, not once per comparison.
     */
    public static <T extends HasMetadata> List<T> byAge(Collection<T> objects) {
        List<Aged<T>> aged = new ArrayList<>(objects.size());
        for (T object : objects) {
            aged.add(new Aged<>(object, created(object), namespace(object), object.getMetadata().getName()));
        }
        aged.sort(BY_AGE);
        List<T> sorted = new ArrayList<>(aged.size());
        aged.forEach(a -> sorted.add(a.object()));
        return sorted;
    }

    public static String namespace(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
    }

    public static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    /** The creation time, {@link Instant#MAX} when there is none: the order of {@link #byAge}. */
    public static Instant created(HasMetadata object) {
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
