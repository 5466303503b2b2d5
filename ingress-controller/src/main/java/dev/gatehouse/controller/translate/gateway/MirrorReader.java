package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Mirror;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Fraction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;

/**
 * A RequestMirror filter as the model's {@link Mirror}: copies, body and all, of its share of the requests ({@code percent},
 * or {@code fraction} out of 100 by default) to a Service port of the route's namespace, at the address
 * {@link ServiceBackends#mirrorAuthority} gives (its cluster IP, else its first endpoint).
 */
final class MirrorReader {

    private final ServiceBackends services;

    MirrorReader(ServiceBackends services) {
        this.services = services;
    }

    /**
     * The mirror, or null when its Service has no address yet (no copies then; the rule is served).
     *
     * @throws IllegalArgumentException when it cannot be served, saying why
     */
    Mirror read(ObjectRef owner, String namespace, String field, HTTPRequestMirrorFilter filter) {
        BackendObjectReference ref = filter == null ? null : filter.getBackendRef();
        if (ref == null) {
            throw new IllegalArgumentException(field + ": the filter's backendRef is missing");
        }
        if (!(ref.getGroup() == null || ref.getGroup().isEmpty()) || !(ref.getKind() == null || ref.getKind().equals("Service"))) {
            throw new IllegalArgumentException(field + ".backendRef: " + ref.getGroup() + "/" + ref.getKind() + " is not a Service");
        }
        if (ref.getNamespace() != null && !ref.getNamespace().equals(namespace)) {
            throw new IllegalArgumentException(field + ".backendRef: Service " + ref.getNamespace() + "/" + ref.getName()
                    + " is in another namespace: mirrors to another namespace are not served yet");
        }
        if (ref.getPort() == null) {
            throw new IllegalArgumentException(field + ".backendRef: a Service backend needs its port");
        }
        int copied = 100;
        int outOf = 100;
        Fraction fraction = filter.getFraction();
        if (filter.getPercent() != null) {
            copied = filter.getPercent();
        } else if (fraction != null) {
            copied = fraction.getNumerator() == null ? 0 : fraction.getNumerator();
            outOf = fraction.getDenominator() == null ? 100 : fraction.getDenominator();
        }
        if (outOf < 1 || copied < 0 || copied > outOf) {
            throw new IllegalArgumentException(field + ": share " + copied + "/" + outOf + " (expected 0 to 100 percent)");
        }
        ClusterName cluster = services.resolve(owner, field + ".backendRef", namespace,
                new IngressServiceBackend(ref.getName(), new ServiceBackendPort(null, ref.getPort())));
        if (cluster == null) {
            throw new IllegalArgumentException(field + ".backendRef: Service " + namespace + "/" + ref.getName() + " port "
                    + ref.getPort() + " is not found");
        }
        String authority = services.mirrorAuthority(cluster);
        return authority == null ? null : new Mirror("http://" + authority, true, null, copied, outOf);
    }
}
