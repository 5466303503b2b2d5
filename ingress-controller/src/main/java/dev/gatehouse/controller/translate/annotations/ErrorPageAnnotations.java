package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ErrorPages;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An Ingress's {@code default-backend} (a Service of its namespace, on the Service's first port as with
 * ingress-nginx) and {@code custom-http-errors} (the statuses that Service answers in place of the upstream). Without
 * a default backend of its own, the Ingress's custom errors go to the snapshot's (the oldest Ingress's
 * {@code spec.defaultBackend}), as ingress-nginx sends them to its global one, but only when that is a Service of the
 * Ingress's namespace: the page's request carries the Ingress's host, targets and namespace, which are not another
 * tenant's to see. The proxy holds to that; {@link #checkFallback} says so. {@code disable-proxy-intercept-errors: "true"}
 * passes the upstream's errors through unreplaced, while the default backend still stands in for a Service without
 * endpoints.
 */
public final class ErrorPageAnnotations {

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern STATUS = Pattern.compile("[45][0-9][0-9]");

    private ErrorPageAnnotations() {
    }

    /** The error pages of the Ingress {@code owner}, or null when it sets neither key (or neither can be used). */
    static ErrorPages read(AnnotationReader reader, AnnotationContext context, ObjectRef owner) {
        ClusterName backend = backend(reader, context, owner);
        Set<Integer> statuses = statuses(reader);
        if (reader.flag("disable-proxy-intercept-errors", false)) {
            // as ingress-nginx's proxy_intercept_errors off: the upstream's errors reach the client as they are
            statuses = Set.of();
        }
        return backend == null && statuses.isEmpty() ? null : new ErrorPages(backend, statuses, owner.name());
    }

    /** Whether the Ingress's custom errors, with these error pages, depend on the snapshot's default backend. */
    public static boolean needsFallback(ErrorPages pages) {
        return pages != null && pages.backend() == null && !pages.statuses().isEmpty();
    }

    /**
     * Reports custom errors of {@code ingress} that no default backend serves: it has none of its own, and the snapshot's
     * ({@code fallback}, or null when there is none) is missing or of another namespace; those statuses pass through.
     */
    public static void checkFallback(Ingress ingress, ObjectRef owner, ClusterName fallback, List<Warning> warnings) {
        if (fallback != null && fallback.namespace().equals(owner.namespace())) {
            return;
        }
        AnnotationReader reader = new AnnotationReader(ingress.getMetadata().getAnnotations(), owner, warnings);
        String[] found = reader.value("custom-http-errors");
        String missing = fallback == null ? "no Ingress of the class sets spec.defaultBackend"
                : "the snapshot's default backend, " + fallback + ", is of namespace " + fallback.namespace()
                        + ", and pages are not asked of another namespace's Service";
        reader.warn(found, "is not served: the Ingress has no default-backend of its own and " + missing + " (expected a "
                + "default-backend annotation naming a Service of namespace " + owner.namespace() + "); the statuses pass through");
    }

    private static ClusterName backend(AnnotationReader reader, AnnotationContext context, ObjectRef owner) {
        String[] found = reader.value("default-backend");
        if (found == null) {
            return null;
        }
        String name = found[1].trim();
        if (!SERVICE_NAME.matcher(name).matches()) {
            reader.warn(found, "is not a Service name (expected the name of a Service in the Ingress's namespace, such as "
                    + "error-pages); not used");
            return null;
        }
        Service service = context.backends().service(owner.namespace(), name);
        if (service == null) {
            reader.warn(found, "names no Service of namespace " + owner.namespace() + " (expected an existing Service of the "
                    + "Ingress's namespace); not used");
            return null;
        }
        if (service.getSpec() == null || service.getSpec().getPorts() == null || service.getSpec().getPorts().isEmpty()) {
            reader.warn(found, "names Service " + owner.namespace() + "/" + name + ", which has no port (expected a Service "
                    + "with a port; its first one is used); not used");
            return null;
        }
        ServicePort first = service.getSpec().getPorts().get(0);
        return context.backends().resolve(owner, "annotation " + found[0], owner.namespace(),
                new IngressServiceBackend(name, new ServiceBackendPort(null, first.getPort())));
    }

    private static Set<Integer> statuses(AnnotationReader reader) {
        String[] found = reader.value("custom-http-errors");
        if (found == null) {
            return Set.of();
        }
        Set<Integer> statuses = new TreeSet<>();
        for (String entry : found[1].split(",", -1)) {
            String status = entry.trim();
            if (status.isEmpty() && found[1].isBlank()) {
                continue;
            }
            if (!STATUS.matcher(status).matches()) {
                reader.warn(found, "holds \"" + status + "\", which is not an error status (expected comma-separated statuses "
                        + "from 400 to 599, such as 404,503); no answer is replaced");
                return Set.of();
            }
            statuses.add(Integer.parseInt(status));
        }
        if (statuses.isEmpty()) {
            reader.warn(found, "holds no status (expected comma-separated statuses from 400 to 599, such as 404,503); no answer "
                    + "is replaced");
        }
        return statuses;
    }
}
