package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.BackendBinding;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a Service asks of a binding to a console-made load balancer. What we registered is kept by
 * {@link BindingRegistry}, so a restart or a new leader deregisters exactly that and no target someone
 * else registered.
 */
final class Bindings {

    /** Which Service port's NodePort is registered: its name or number (default: the first port). */
    static final String PORT = "gatehouse.dev/binding-port";

    /** A binding the Service asks for. */
    record Wanted(BackendBinding binding, String target) {
    }

    /** A binding recorded on the Service. */
    record Bound(String annotation, String target, Set<String> registered) {
    }

    private Bindings() {
    }

    static Optional<Wanted> wanted(Service service, List<BackendBinding> bindings) {
        if (service.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        Map<String, String> annotations = annotations(service);
        for (BackendBinding binding : bindings) {
            String target = annotations.get(binding.annotation());
            if (target != null && !target.isBlank()) {
                return Optional.of(new Wanted(binding, target.trim()));
            }
        }
        return Optional.empty();
    }

    /** The NodePort to register; empty when the Service has none (a ClusterIP Service cannot be bound). */
    static Optional<Integer> nodePort(Service service) {
        String wanted = annotations(service).get(PORT);
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        Set<ServicePort> candidates = new LinkedHashSet<>();
        for (ServicePort port : ports) {
            if (wanted == null || wanted.equals(port.getName()) || wanted.equals(String.valueOf(port.getPort()))) {
                candidates.add(port);
            }
        }
        return candidates.stream().map(ServicePort::getNodePort).filter(p -> p != null && p > 0).findFirst();
    }

    private static Map<String, String> annotations(Service service) {
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
