package dev.gatehouse.cloudlb.service;

import dev.gatehouse.cloudlb.BackendBinding;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a Service's binding to a console-made load balancer stands. What we registered is kept on the
 * Service itself (two annotations we own), so a restart or a new leader deregisters exactly that and no
 * target someone else registered.
 */
final class Bindings {

    /** {@code <binding annotation>=<target>}: which target our registrations are in. */
    static final String BOUND = "gatehouse.dev/bound-backend";
    /** Comma-separated registrations, as the binding returned them. */
    static final String REGISTERED = "gatehouse.dev/bound-registrations";
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

    static Optional<Bound> bound(Service service) {
        String bound = annotations(service).get(BOUND);
        if (bound == null || !bound.contains("=")) {
            return Optional.empty();
        }
        String[] parts = bound.split("=", 2);
        String registered = annotations(service).getOrDefault(REGISTERED, "");
        Set<String> set = new TreeSet<>(Arrays.stream(registered.split(",")).filter(s -> !s.isBlank()).toList());
        return Optional.of(new Bound(parts[0], parts[1], set));
    }

    static String encode(Set<String> registered) {
        return String.join(",", new TreeSet<>(registered));
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
