package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.AnnotationContext;
import dev.gatehouse.controller.translate.annotations.Backends;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ClusterName;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What reading one Ingress looked at: every Service, Secret and ConfigMap (found or not) and the backends its
 * annotations resolve. Resolving here only names the cluster; the translation replays the call for its effects.
 */
final class PartRecorder implements Backends, AnnotationContext.Lookups {

    private final BackendResolver backends;
    // a set: an Ingress names its Service once per path, and each is checked on every translation
    private final Set<IngressPart.Dependency> dependencies = new LinkedHashSet<>();
    private final List<IngressPart.BackendCall> calls = new ArrayList<>();

    PartRecorder(BackendResolver backends) {
        this.backends = backends;
    }

    @Override
    public Service service(String namespace, String name) {
        Service service = backends.service(namespace, name);
        dependencies.add(new IngressPart.Dependency("Service", namespace, name, ObjectStamps.of(service)));
        return service;
    }

    @Override
    public ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend) {
        calls.add(IngressPart.BackendCall.named(field, namespace, backend));
        return nameOf(namespace, backend);
    }

    @Override
    public void looked(String kind, String reference, HasMetadata found) {
        int slash = reference.indexOf('/');
        dependencies.add(new IngressPart.Dependency(kind, reference.substring(0, slash), reference.substring(slash + 1),
                ObjectStamps.of(found)));
    }

    /** The cluster a backend of the Ingress names, its Service recorded. */
    ClusterName nameOf(String namespace, IngressBackend backend) {
        if (backend != null && backend.getService() != null && backend.getService().getName() != null) {
            service(namespace, backend.getService().getName());
        }
        return backends.nameOf(namespace, backend);
    }

    private ClusterName nameOf(String namespace, IngressServiceBackend backend) {
        if (backend.getName() != null) {
            service(namespace, backend.getName());
        }
        return backends.nameOf(namespace, backend);
    }

    List<IngressPart.Dependency> dependencies() {
        return List.copyOf(dependencies);
    }

    List<IngressPart.BackendCall> calls() {
        return List.copyOf(calls);
    }
}
