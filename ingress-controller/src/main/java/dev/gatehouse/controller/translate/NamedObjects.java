package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.AnnotationCatalog;
import dev.gatehouse.controller.translate.annotations.BasicAuthAnnotations;
import dev.gatehouse.controller.translate.annotations.ClientAuthAnnotations;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.References;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Secrets and ConfigMaps that our Ingresses name, as {@code namespace/name}: what the Kubernetes source watches one
 * by one, so that it neither lists nor keeps the other Secrets and ConfigMaps of the cluster. It follows the readers,
 * which use a name only from an Ingress of our class and only in the Ingress's own namespace: the Secret of
 * {@code auth-secret} under {@code auth-type: basic} ({@link BasicAuthAnnotations}) and of {@code auth-tls-secret}
 * ({@link ClientAuthAnnotations}), the ConfigMaps of
 * {@code custom-headers} and {@code request-headers} ({@code HeaderAnnotations}) and of {@code auth-proxy-set-headers}
 * under {@code auth-url} ({@code ExternalAuthAnnotations}). Anything else an Ingress names is never watched, so an
 * Ingress cannot make Gatehouse read another namespace's objects.
 */
public final class NamedObjects {


    /**
     * @param secrets    the Secrets to watch, {@code namespace/name}
     * @param configMaps the ConfigMaps to watch, {@code namespace/name}
     */
    public record Names(Set<String> secrets, Set<String> configMaps) {
    }

    private NamedObjects() {
    }

    /** What the Ingresses of our class among {@code ingresses} name, {@code classes} deciding which are ours. */
    public static Names of(TranslatorSettings settings, List<IngressClass> classes, List<Ingress> ingresses) {
        IngressClassFilter filter = new IngressClassFilter(settings, classes);
        Set<String> secrets = new TreeSet<>();
        Set<String> configMaps = new TreeSet<>();
        for (Ingress ingress : ingresses) {
            if (!filter.isOurs(ingress)) {
                continue;
            }
            String namespace = Metadata.namespace(ingress);
            String type = value(ingress, "auth-type");
            if (type != null && type.trim().toLowerCase(Locale.ROOT).equals("basic")) {
                add(secrets, value(ingress, BasicAuthAnnotations.AUTH_SECRET), namespace);
            }
            add(secrets, value(ingress, ClientAuthAnnotations.AUTH_TLS_SECRET), namespace);
            add(configMaps, value(ingress, "custom-headers"), namespace);
            add(configMaps, value(ingress, "request-headers"), namespace);
            if (value(ingress, "auth-url") != null) {
                add(configMaps, value(ingress, "auth-proxy-set-headers"), namespace);
            }
        }
        return new Names(secrets, configMaps);
    }

    private static void add(Set<String> names, String value, String namespace) {
        String reference = value == null ? null : References.parse(value, namespace);
        if (reference != null && reference.startsWith(namespace + "/")) {
            names.add(reference);
        }
    }

    /** The value under our key, else under ingress-nginx's, as {@code AnnotationReader.value} reads it. */
    private static String value(Ingress ingress, String key) {
        for (String prefix : AnnotationCatalog.PREFIXES) {
            String value = Metadata.annotation(ingress, prefix + key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
