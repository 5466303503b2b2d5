package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * An Ingress's redirect to HTTPS, by its annotations under {@code gatehouse.dev/} or, for migration,
 * {@code nginx.ingress.kubernetes.io/}, with ingress-nginx's meaning: {@code ssl-redirect} (default
 * true) redirects plain HTTP to HTTPS on hosts that have TLS; {@code force-ssl-redirect} (default
 * false) redirects even on hosts without it. Gatehouse's own key wins when both are set.
 *
 * @param onTlsHosts whether routes on hosts with TLS redirect
 * @param always     whether routes redirect whatever their host
 */
public record SslRedirect(boolean onTlsHosts, boolean always) {

    static final List<String> PREFIXES = List.of("gatehouse.dev/", "nginx.ingress.kubernetes.io/");

    static final SslRedirect DEFAULT = new SslRedirect(true, false);

    /** @param defaults what applies where the Ingress says nothing: the global ConfigMap's, else {@link #DEFAULT} */
    public static SslRedirect of(Ingress ingress, ObjectRef owner, SslRedirect defaults, List<Warning> warnings) {
        if (ingress.getMetadata().getAnnotations() == null || ingress.getMetadata().getAnnotations().isEmpty()) {
            return defaults;
        }
        return new SslRedirect(flag(ingress, owner, "ssl-redirect", defaults.onTlsHosts(), warnings),
                flag(ingress, owner, "force-ssl-redirect", defaults.always(), warnings));
    }

    public boolean redirects(boolean hostHasTls) {
        return always || (onTlsHosts && hostHasTls);
    }

    private static boolean flag(Ingress ingress, ObjectRef owner, String key, boolean otherwise, List<Warning> warnings) {
        for (String prefix : PREFIXES) {
            String value = Metadata.annotation(ingress, prefix + key);
            if (value == null) {
                continue;
            }
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + prefix + key + ": \"" + value
                    + "\" is not a boolean (expected \"true\" or \"false\"; using " + otherwise + ")"));
            return otherwise;
        }
        return otherwise;
    }
}
