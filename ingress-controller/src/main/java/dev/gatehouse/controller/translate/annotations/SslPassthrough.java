package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * ingress-nginx's {@code ssl-passthrough} annotation (under {@code gatehouse.dev/} or {@code nginx.ingress.kubernetes.io/},
 * Gatehouse's own key first): whether the Ingress's hosts are passed through on the HTTPS port without decrypting.
 */
public final class SslPassthrough {

    static final String KEY = "ssl-passthrough";

    private SslPassthrough() {
    }

    /** Whether the Ingress asks for passthrough; a value other than true or false is reported and counts as false. */
    public static boolean requested(Ingress ingress, ObjectRef owner, List<Warning> warnings) {
        for (String prefix : AnnotationCatalog.PREFIXES) {
            String value = Metadata.annotation(ingress, prefix + KEY);
            if (value == null) {
                continue;
            }
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + prefix + KEY + ": \"" + value
                    + "\" is not a boolean (expected \"true\" or \"false\"; the hosts are not passed through)"));
            return false;
        }
        return false;
    }

    /** Whether the Ingress sets the annotation at all, whatever its value. */
    public static boolean present(Ingress ingress) {
        return AnnotationCatalog.PREFIXES.stream().anyMatch(prefix -> Metadata.annotation(ingress, prefix + KEY) != null);
    }
}
