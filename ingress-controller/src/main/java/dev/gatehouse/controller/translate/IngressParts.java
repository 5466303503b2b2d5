package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.PathAnnotations;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Ingresses' parts of the last translation, kept for the next: a part is read again only when its Ingress changed
 * ({@link ObjectStamps}: uid and resourceVersion in a cluster, the content otherwise), a Service, Secret or ConfigMap it
 * named changed, or another Ingress changed which of its hosts have regular-expression paths. A change of the global
 * ConfigMap's settings or of the IngressClasses, which every part depends on, forgets them all. Parts of Ingresses no
 * longer in the view are dropped at the end of each translation. Not thread-safe: one translation at a time.
 */
final class IngressParts {

    /** What ordering the Ingresses and finding the regex hosts need of one Ingress. */
    private record Facts(Object stamp, Instant created, PathAnnotations paths) {
    }

    /** One of our Ingresses in a translation. */
    record Known(Ingress ingress, ObjectRef owner, Object stamp, Instant created, PathAnnotations paths) {
    }

    private static final Comparator<Known> BY_AGE = Comparator.comparing(Known::created)
            .thenComparing(known -> known.owner().namespace())
            .thenComparing(known -> known.owner().name());

    private Object generation;
    private Map<ObjectRef, Facts> facts = new HashMap<>();
    private Map<ObjectRef, IngressPart> parts = new HashMap<>();
    private final Map<ObjectRef, IngressPart> kept = new HashMap<>();
    private int read;

    /**
     * Starts a translation: our Ingresses, oldest first (creation time, then namespace and name, as
     * {@link Metadata#byAge}).
     *
     * @param generation what every part depends on: when it differs from the last translation's, every part is read again
     */
    List<Known> begin(List<Ingress> ours, Object generation) {
        if (!Objects.equals(generation, this.generation)) {
            parts = new HashMap<>();
            this.generation = generation;
        }
        kept.clear();
        read = 0;
        Map<ObjectRef, Facts> seen = new HashMap<>();
        List<Known> known = new ArrayList<>(ours.size());
        for (Ingress ingress : ours) {
            ObjectRef owner = ObjectRef.of(ingress);
            Object stamp = ObjectStamps.of(ingress);
            Facts fact = facts.get(owner);
            if (fact == null || !fact.stamp().equals(stamp)) {
                fact = new Facts(stamp, Metadata.created(ingress), PathAnnotations.quietly(ingress));
            }
            seen.put(owner, fact);
            known.add(new Known(ingress, owner, stamp, fact.created(), fact.paths()));
        }
        facts = seen;
        known.sort(BY_AGE);
        return known;
    }

    /** The part of {@code ingress}: the last one when still true of the view, else read now. */
    IngressPart part(Known ingress, PartReader reader, ObjectStamps stamps, RegexHosts regexHosts) {
        IngressPart part = parts.get(ingress.owner());
        if (part == null || !current(part, ingress, stamps, regexHosts)) {
            part = reader.read(ingress.ingress(), ingress.owner(), ingress.stamp());
            read++;
        }
        kept.put(ingress.owner(), part);
        return part;
    }

    /** Ends a translation: the parts read or reused in it are those the next one starts from. */
    void end() {
        parts = new HashMap<>(kept);
        kept.clear();
    }

    /** How many parts the last translation read rather than kept. */
    int read() {
        return read;
    }

    private static boolean current(IngressPart part, Known ingress, ObjectStamps stamps, RegexHosts regexHosts) {
        if (!part.stamp().equals(ingress.stamp())) {
            return false;
        }
        for (IngressPart.Dependency dependency : part.dependencies()) {
            if (!stamps.same(dependency.kind(), dependency.namespace(), dependency.name(), dependency.stamp())) {
                return false;
            }
        }
        for (IngressPart.RegexMark mark : part.regexMarks()) {
            if (!Objects.equals(mark.marker(), regexHosts.marker(mark.host()))) {
                return false;
            }
        }
        return true;
    }
}
