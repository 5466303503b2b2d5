package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;

/**
 * The annotation values of one Ingress that Gatehouse would not use as written, judged by the same readers the
 * translator runs: a value of the wrong form, a Secret or ConfigMap that is missing or unreadable, and so on.
 * For {@code gatehouse migrate-check}, which judges keys by the {@link AnnotationCatalog} and values by this.
 * The global ConfigMap's defaults are not known there, so Gatehouse's own defaults stand in for them.
 */
public final class AnnotationValues {

    private AnnotationValues() {
    }

    /**
     * @param view the objects the Ingress's annotations may name (Secrets, ConfigMaps, Services)
     * @return one message per value problem, each naming the annotation, the value and what was expected
     */
    public static List<String> problems(Ingress ingress, ClusterView view) {
        List<Warning> warnings = new ArrayList<>();
        AnnotationContext context = new AnnotationContext(view, new BackendResolver(view, warnings), GlobalConfig.DEFAULTS, warnings);
        ObjectRef owner = ObjectRef.of(ingress);
        int before = warnings.size();
        IngressAnnotations.of(ingress, owner, context, warnings);
        return warnings.subList(before, warnings.size()).stream()
                .filter(warning -> warning.reason().equals(Warning.INVALID_ANNOTATION) && warning.object().equals(owner))
                .map(Warning::message)
                .toList();
    }
}
