package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.AnnotationContext;
import dev.gatehouse.controller.translate.annotations.GlobalConfig;
import dev.gatehouse.controller.translate.annotations.IngressAnnotations;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;

/**
 * The annotation values of Ingresses that Gatehouse would not use as written, judged by the same readers the
 * translator runs: a value of the wrong form, a Secret or ConfigMap that is missing or unreadable, and so on.
 * For {@code gatehouse migrate-check}, which judges keys by the {@code AnnotationCatalog} and values by this.
 * The global ConfigMap's defaults are not known there, so Gatehouse's own defaults stand in for them.
 */
public final class AnnotationValues {

    private final List<Warning> warnings = new ArrayList<>();
    private final AnnotationContext context;

    /** @param view the objects the Ingresses' annotations may name (Secrets, ConfigMaps, Services), indexed once */
    public AnnotationValues(ClusterView view) {
        this.context = new AnnotationContext(view, new BackendResolver(view, warnings), GlobalConfig.DEFAULTS, warnings);
    }

    /** One message per value problem of {@code ingress}, each naming the annotation, the value and what was expected. */
    public List<String> problems(Ingress ingress) {
        ObjectRef owner = ObjectRef.of(ingress);
        int before = warnings.size();
        IngressAnnotations.of(ingress, owner, context, warnings);
        List<String> problems = warnings.subList(before, warnings.size()).stream()
                .filter(warning -> warning.reason().equals(Warning.INVALID_ANNOTATION) && warning.object().equals(owner))
                .map(Warning::message)
                .toList();
        warnings.subList(before, warnings.size()).clear();
        return problems;
    }
}
