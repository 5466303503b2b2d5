package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.Metadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which Ingresses are ours, in this order:
 * <ol>
 *   <li>the legacy annotation {@code kubernetes.io/ingress.class}, when present, must equal our class;</li>
 *   <li>{@code spec.ingressClassName} naming an IngressClass makes the Ingress ours when that class's
 *       {@code spec.controller} is our controller class; naming a class that does not exist makes it
 *       ours when the name is our class (useful where no IngressClass object is deployed);</li>
 *   <li>an Ingress with no class at all is ours when one of our IngressClasses carries
 *       {@code ingressclass.kubernetes.io/is-default-class: "true"}.</li>
 * </ol>
 */
final class IngressClassFilter {

    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    private final TranslatorSettings settings;
    private final Map<String, IngressClass> classes = new HashMap<>();
    private final boolean weAreDefault;

    IngressClassFilter(TranslatorSettings settings, List<IngressClass> ingressClasses) {
        this.settings = settings;
        boolean isDefault = false;
        for (IngressClass ingressClass : ingressClasses) {
            classes.put(ingressClass.getMetadata().getName(), ingressClass);
            if (isOurs(ingressClass) && "true".equals(Metadata.annotation(ingressClass, DEFAULT_CLASS_ANNOTATION))) {
                isDefault = true;
            }
        }
        this.weAreDefault = isDefault;
    }

    boolean isOurs(Ingress ingress) {
        String annotated = Metadata.annotation(ingress, CLASS_ANNOTATION);
        if (annotated != null) {
            return annotated.equals(settings.ingressClass());
        }
        String className = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        if (className != null && !className.isEmpty()) {
            IngressClass named = classes.get(className);
            return named != null ? isOurs(named) : className.equals(settings.ingressClass());
        }
        return weAreDefault;
    }

    /** The IngressClass that {@code spec.ingressClassName} names, or null. */
    IngressClass classOf(Ingress ingress) {
        String className = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        return className == null ? null : classes.get(className);
    }

    private boolean isOurs(IngressClass ingressClass) {
        return ingressClass.getSpec() != null && settings.controllerClass().equals(ingressClass.getSpec().getController());
    }
}
